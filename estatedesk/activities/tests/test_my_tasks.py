"""Tasks: "My tasks" (overdue, today, upcoming, done in the office's day), the badge in the
navigation bar, ticking off with htmx, and the task form."""

from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from estatedesk.activities import selectors, services
from estatedesk.activities.models import Task
from estatedesk.contacts.tests.factories import ContactFactory
from estatedesk.core.testing.queries import count_queries

from .factories import TaskFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def contact(alice):
    return ContactFactory(owner=alice, last_name="Bakker")


def test_my_tasks_sorts_into_overdue_today_upcoming_and_done_by_the_office_day(alice, bob, contact):
    # 21:30 UTC on 10 June is 23:30 in Amsterdam: "today" ends half an hour later, in UTC 22:00
    now = datetime(2026, 6, 10, 21, 30, tzinfo=UTC)
    overdue = TaskFactory(record=contact, title="overdue", due_at=now - timedelta(hours=1))
    today = TaskFactory(record=contact, title="today", due_at=now + timedelta(minutes=20))
    tomorrow = TaskFactory(record=contact, title="tomorrow", due_at=now + timedelta(minutes=40))
    done = TaskFactory(record=contact, title="done", due_at=now - timedelta(days=1))
    services.task_set_done(task=done, actor=alice)
    TaskFactory(record=contact, title="bob's", assignee=bob, due_at=now)

    mine = selectors.my_tasks(alice, now=now)

    assert (mine.overdue, mine.today, mine.upcoming, mine.done) == (
        [overdue], [today], [tomorrow], [done],
    )  # fmt: skip
    assert today.assignee == alice  # no assignee given: the creator


def test_my_tasks_page_shows_only_my_tasks(as_bob, alice, bob, contact):
    TaskFactory(record=contact, actor=alice, assignee=bob, title="For Bob")
    TaskFactory(record=contact, actor=alice, title="For Alice")
    html = as_bob.get(reverse("activities:my_tasks")).content.decode()
    assert "For Bob" in html
    assert "For Alice" not in html
    assert contact.get_absolute_url() in html


def test_the_badge_counts_open_tasks_in_one_query(alice, contact, as_alice):
    for i in range(3):
        TaskFactory(record=contact, title=f"t{i}")
    services.task_set_done(task=Task.objects.first(), actor=alice)
    with count_queries() as queries:
        counts = selectors.nav_counts(alice)
    assert counts == {"open_tasks": 2, "unread": 0}
    assert len(queries) == 1
    html = as_alice.get(reverse("activities:nav_badges")).content.decode()
    assert 'id="open-task-count" title="Open tasks">2<' in html


def test_pages_load_the_badge_after_they_render_and_run_no_query_for_it(alice, contact, as_alice):
    TaskFactory(record=contact)
    with count_queries() as page:
        html = as_alice.get(reverse("contacts:contact_list")).content.decode()
    assert not [q for q in page.captured_queries if "activities_task" in q["sql"]]
    assert f'hx-get="{reverse("activities:nav_badges")}"' in html


def test_ticking_a_task_off_with_htmx_returns_its_row(as_alice, contact):
    task = TaskFactory(record=contact, title="Call the notary")
    response = as_alice.post(reverse("activities:task_done", args=[task.pk]), {"done": "1"},
                             HTTP_HX_REQUEST="true")  # fmt: skip
    assert response.status_code == 200
    html = response.content.decode()
    assert f'id="task-{task.pk}"' in html
    assert "task-done" in html
    task.refresh_from_db()
    assert task.is_done
    as_alice.post(reverse("activities:task_done", args=[task.pk]), {"done": "0"})
    task.refresh_from_db()
    assert not task.is_done


def test_a_task_added_from_the_history_tab_shows_there(as_alice, alice, bob, contact):
    response = as_alice.post(
        reverse("activities:task_create", args=["contact", contact.pk]),
        {"title": "Send the draft contract", "due_at": "2030-02-01T09:00",
         "assignee": bob.pk, "priority": "high", "notes": "with the annexes"},
    )  # fmt: skip
    assert response.status_code == 302
    task = Task.objects.get()
    assert (task.assignee, task.created_by, task.contact, task.priority) == (
        bob, alice, contact, "high",
    )  # fmt: skip
    assert task.due_at == datetime(2030, 2, 1, 8, 0, tzinfo=UTC)
    tab = as_alice.get(contact.get_absolute_url(), {"tab": "history"}).content.decode()
    assert "Send the draft contract" in tab


def test_the_task_form_refuses_a_missing_title_and_due_date(as_alice, contact):
    response = as_alice.post(reverse("activities:task_create", args=["contact", contact.pk]),
                             {"title": "", "due_at": "", "priority": "normal"})  # fmt: skip
    assert response.status_code == 422
    assert not Task.objects.exists()


def test_only_creator_assignee_or_admin_deletes_a_task(alice, bob, admin, contact, as_bob):
    task = TaskFactory(record=contact, actor=alice, title="Alice's own")
    as_bob.post(reverse("activities:task_delete", args=[task.pk]))
    assert Task.objects.filter(pk=task.pk).exists()
    services.task_delete(task=task, actor=admin)
    assert not Task.objects.exists()


def test_my_tasks_runs_the_same_queries_whatever_the_number_of_tasks(alice, contact, as_alice):
    TaskFactory(record=contact, remind_at=timezone.now() + timedelta(hours=1))
    with count_queries() as few:
        as_alice.get(reverse("activities:my_tasks"))
    for i in range(15):
        TaskFactory(record=ContactFactory(owner=alice), title=f"t{i}",
                    remind_at=timezone.now() + timedelta(hours=i))  # fmt: skip
    with count_queries() as many:
        as_alice.get(reverse("activities:my_tasks"))
    assert len(many) == len(few)

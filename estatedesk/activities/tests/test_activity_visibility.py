"""Activities and tasks follow the records' visibility: whoever cannot see a record cannot see
its activities or tasks, through the timeline, "My tasks", the calendar feed or any URL (404)."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from estatedesk.activities import services
from estatedesk.activities.choices import ActivityType
from estatedesk.activities.models import Activity, Task
from estatedesk.contacts.services import record_share
from estatedesk.contacts.tests.factories import ContactFactory, LeadFactory, RelationFactory
from estatedesk.core.choices import Visibility

from .factories import ActivityFactory, TaskFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def secret(alice):
    """Alice's personal contact: Bob (same office) and Carol (other office) cannot see it."""
    return ContactFactory(owner=alice, visibility=Visibility.PERSONAL, last_name="Secret")


@pytest.fixture
def secret_things(alice, secret):
    meeting = ActivityFactory(
        records=[secret], kind=ActivityType.MEETING, subject="Valuation at home",
        occurred_at=timezone.now() + timedelta(days=2), location="Keizersgracht 1",
    )  # fmt: skip
    call = ActivityFactory(records=[secret], subject="Asked about the price")
    task = TaskFactory(record=secret, title="Send the valuation")
    return {"meeting": meeting, "call": call, "task": task}


def routes(secret, things) -> list[tuple[str, str, list]]:
    kind_pk = ["contact", secret.pk]
    return [
        ("get", "activities:timeline", kind_pk),
        ("get", "activities:quick_log", kind_pk),
        ("post", "activities:quick_log", kind_pk),
        ("get", "activities:activity_create", kind_pk),
        ("post", "activities:activity_create", kind_pk),
        ("get", "activities:task_create", kind_pk),
        ("post", "activities:task_create", kind_pk),
        ("get", "activities:activity_detail", [things["meeting"].pk]),
        ("get", "activities:activity_edit", [things["meeting"].pk]),
        ("post", "activities:activity_edit", [things["meeting"].pk]),
        ("post", "activities:activity_delete", [things["call"].pk]),
        ("get", "activities:activity_ics", [things["meeting"].pk]),
        ("get", "activities:task_edit", [things["task"].pk]),
        ("post", "activities:task_edit", [things["task"].pk]),
        ("post", "activities:task_done", [things["task"].pk]),
        ("post", "activities:task_delete", [things["task"].pk]),
    ]


POST_DATA = {"kind": "note", "body": "hello", "title": "x", "due_at": "2030-01-01T10:00",
             "occurred_at": "2030-01-01T10:00", "priority": "normal"}  # fmt: skip


def test_colleague_and_other_office_get_404_on_every_url_of_a_hidden_record(
    secret, secret_things, as_bob, as_carol, as_alice
):
    for method, name, args in routes(secret, secret_things):
        url = reverse(name, args=args)
        for client in (as_bob, as_carol):
            response = getattr(client, method)(url, POST_DATA if method == "post" else None)
            assert response.status_code == 404, (name, method)
    # … and nothing changed
    assert Activity.objects.count() == 2
    assert Task.objects.get().done_at is None
    # while the owner opens them all (a sanity check that the URLs are right)
    for method, name, args in routes(secret, secret_things):
        if method == "get":
            assert as_alice.get(reverse(name, args=args)).status_code == 200, name


def test_anonymous_is_sent_to_log_in(secret, secret_things):
    for method, name, args in routes(secret, secret_things):
        response = getattr(Client(), method)(reverse(name, args=args))
        assert response.status_code == 302
        assert reverse("accounts:login") in response["Location"]


def test_visible_to_follows_the_records(alice, bob, carol, secret, secret_things):
    shared = ContactFactory(owner=alice)
    shared_call = ActivityFactory(records=[shared])
    assert set(Activity.objects.visible_to(alice)) == {*[secret_things[k] for k in ("meeting",
                                                       "call")], shared_call}  # fmt: skip
    assert list(Activity.objects.visible_to(bob)) == [shared_call]
    assert list(Activity.objects.visible_to(carol)) == []
    assert list(Task.objects.visible_to(bob)) == []
    assert list(Task.objects.visible_to(alice)) == [secret_things["task"]]


def test_an_activity_on_a_visible_and_a_hidden_record_shows_without_the_hidden_name(
    alice, as_bob, secret
):
    # Given a viewing with Alice's personal contact and an office lead
    lead = LeadFactory(owner=alice, first_name="Open", last_name="Lead")
    viewing = ActivityFactory(records=[lead, secret], kind=ActivityType.APPOINTMENT,
                              subject="Viewing Prinsengracht")  # fmt: skip

    # Then Bob sees it on the lead's timeline and its page, but not whom else it was with
    timeline = as_bob.get(reverse("activities:timeline", args=["lead", lead.pk])).content.decode()
    assert "Viewing Prinsengracht" in timeline
    assert "Secret" not in timeline
    detail = as_bob.get(reverse("activities:activity_detail", args=[viewing.pk]))
    assert detail.status_code == 200
    assert "Secret" not in detail.content.decode()
    assert secret.get_absolute_url() not in detail.content.decode()


def test_making_a_record_personal_hides_its_tasks_from_my_tasks_and_the_badge(alice, bob, as_bob):
    # Given Alice's office contact with a task for Bob
    contact = ContactFactory(owner=alice, last_name="Shared")
    task = TaskFactory(record=contact, actor=alice, assignee=bob, title="Bob calls them")
    page = as_bob.get(reverse("activities:my_tasks")).content.decode()
    badges = as_bob.get(reverse("activities:nav_badges")).content.decode()
    assert "Bob calls them" in page
    assert 'id="open-task-count" title="Open tasks">1<' in badges

    # When Alice makes the contact personal
    record_share(record=contact, actor=alice, visibility=Visibility.PERSONAL)

    # Then the task is gone from Bob's list, badge and URLs
    page = as_bob.get(reverse("activities:my_tasks")).content.decode()
    badges = as_bob.get(reverse("activities:nav_badges")).content.decode()
    assert "Bob calls them" not in page
    assert 'id="open-task-count"' not in badges
    assert as_bob.get(reverse("activities:task_edit", args=[task.pk])).status_code == 404


def test_the_calendar_feed_leaves_out_what_the_user_cannot_see(alice, bob):
    # Given Bob's task and appointment on Alice's office contact, which she then makes personal
    contact = ContactFactory(owner=alice)
    relation = RelationFactory(owner=alice)
    TaskFactory(record=contact, actor=alice, assignee=bob, title="Hidden later")
    ActivityFactory(records=[contact], actor=alice, kind=ActivityType.APPOINTMENT,
                    assigned_to=bob, subject="Hidden viewing",
                    occurred_at=timezone.now() + timedelta(days=1))  # fmt: skip
    TaskFactory(record=relation, actor=alice, assignee=bob, title="Still visible")
    type(contact).objects.filter(pk=contact.pk).update(visibility=Visibility.PERSONAL)
    token = services.calendar_feed_regenerate(actor=bob)

    response = Client().get(reverse("activities:calendar_feed", args=[token]))

    summaries = [str(e["SUMMARY"]) for e in Calendar.from_ical(response.content).walk("VEVENT")]
    assert summaries == ["Task: \u2068Still visible\u2069"]


def test_a_task_cannot_be_given_to_someone_who_cannot_see_its_record(alice, bob, secret):
    with pytest.raises(services.ValidationError) as exc:
        services.task_create(actor=alice, record=secret, title="x",
                             due_at=timezone.now(), assignee=bob)  # fmt: skip
    assert "assignee" in exc.value.message_dict


def test_nobody_can_log_on_a_record_they_cannot_see(bob, carol, secret):
    for actor in (bob, carol):
        with pytest.raises(services.PermissionDenied):
            services.activity_log(actor=actor, kind="note", body="x", records=[secret])


def test_record_search_for_more_records_finds_only_visible_ones(alice, as_bob, secret):
    ContactFactory(owner=alice, last_name="Secretary")
    found = as_bob.get(reverse("activities:record_search"), {"q": "secret"}).content.decode()
    assert "Secretary" in found
    assert f'value="contact:{secret.pk}"' not in found


def test_involving_a_hidden_record_by_hand_is_a_404(alice, as_bob, secret):
    shared = ContactFactory(owner=alice)
    response = as_bob.post(
        reverse("activities:activity_create", args=["contact", shared.pk]),
        {"kind": "note", "body": "x", "occurred_at": "2026-01-01T10:00",
         "also": [f"contact:{secret.pk}"]},
    )  # fmt: skip
    assert response.status_code == 404
    assert not Activity.objects.exists()

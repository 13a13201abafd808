"""When reminders fire: typed in office time, stored in UTC, with the documented rule for
daylight-saving gaps and repeats; and how they reach the worker queue (django-tasks)."""

from datetime import UTC, datetime, timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from estatedesk.activities import reminders
from estatedesk.activities.models import Reminder, Task
from estatedesk.contacts.tests.factories import ContactFactory

from .factories import TaskFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def contact(alice):
    return ContactFactory(owner=alice)


def create_task_through_the_form(client, contact, *, due: str, remind: str) -> Task:
    response = client.post(
        reverse("activities:task_create", args=["contact", contact.pk]),
        {"title": "Viewing follow-up", "due_at": due, "remind_at": remind,
         "assignee": contact.owner_id, "priority": "normal"},
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()
    return Task.objects.get(contact=contact)


def sends_at(moment: datetime) -> int:
    before = len(mail.outbox)
    reminders.reminders_process_due(now=moment)
    return len(mail.outbox) - before


def test_reminder_typed_in_office_time_is_stored_in_utc(as_alice, contact):
    # Amsterdam in winter is UTC+1
    task = create_task_through_the_form(
        as_alice, contact, due="2026-01-15T10:00", remind="2026-01-15T09:30"
    )
    assert task.due_at == datetime(2026, 1, 15, 9, 0, tzinfo=UTC)
    assert task.reminder.remind_at == datetime(2026, 1, 15, 8, 30, tzinfo=UTC)
    # … and is shown back in office time on the edit form
    page = as_alice.get(reverse("activities:task_edit", args=[task.pk])).content.decode()
    assert 'value="2026-01-15T09:30"' in page


def test_reminder_in_a_spring_forward_gap_fires_once_at_the_end_of_the_gap(as_alice, contact):
    # Given a reminder for 02:30 on the night Amsterdam's clocks jump from 02:00 to 03:00
    task = create_task_through_the_form(
        as_alice, contact, due="2026-03-29T09:00", remind="2026-03-29T02:30"
    )
    # Then it is set for 03:00 local time, the first moment after the gap (01:00 UTC)
    assert task.reminder.remind_at == datetime(2026, 3, 29, 1, 0, tzinfo=UTC)

    # When the workers run every half hour through that night, it fires once, at 03:00
    night = [datetime(2026, 3, 28, 23, 30, tzinfo=UTC) + timedelta(minutes=30 * i)
             for i in range(8)]  # fmt: skip
    fired = {moment: sends_at(moment) for moment in night}
    assert sum(fired.values()) == 1
    assert fired[datetime(2026, 3, 29, 1, 0, tzinfo=UTC)] == 1
    assert sends_at(datetime(2026, 3, 29, 1, 0, 1, tzinfo=UTC)) == 0


def test_reminder_in_a_repeated_hour_fires_once_at_its_first_occurrence(as_alice, contact):
    # Given a reminder for 02:30 on the night Amsterdam's clocks fall back from 03:00 to 02:00
    task = create_task_through_the_form(
        as_alice, contact, due="2026-10-25T09:00", remind="2026-10-25T02:30"
    )
    # Then it means the first 02:30 (summer time, 00:30 UTC)
    assert task.reminder.remind_at == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)

    # When the workers run through the night, it fires at the first 02:30 and not at the second
    assert sends_at(datetime(2026, 10, 25, 0, 29, tzinfo=UTC)) == 0
    assert sends_at(datetime(2026, 10, 25, 0, 30, tzinfo=UTC)) == 1
    assert sends_at(datetime(2026, 10, 25, 1, 30, tzinfo=UTC)) == 0  # the second 02:30
    assert sends_at(datetime(2026, 10, 25, 5, 0, tzinfo=UTC)) == 0


def test_saving_a_task_with_a_reminder_queues_it_for_its_time_after_commit(
    alice, contact, django_capture_on_commit_callbacks, settings
):
    remind_at = timezone.now().replace(microsecond=0) + timedelta(hours=3)
    # Nothing is queued until the transaction commits
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        task = TaskFactory(record=contact, remind_at=remind_at)
    assert not DBTaskResult.objects.exists()
    for callback in callbacks:
        callback()

    queued = DBTaskResult.objects.filter(task_path="estatedesk.activities.tasks.send_reminder")
    assert sorted(r.run_after for r in queued) == [
        remind_at,
        remind_at + timedelta(seconds=settings.REMINDER_LEASE_SECONDS + 30),
    ]
    assert {tuple(r.args_kwargs["args"]) for r in queued} == {(task.reminder.pk,)}


def test_a_backend_that_cannot_defer_sends_due_reminders_at_once_and_leaves_the_rest(
    alice, contact, django_capture_on_commit_callbacks, settings
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        TaskFactory(record=contact, title="Due", remind_at=timezone.now() - timedelta(minutes=1))
        later = TaskFactory(record=contact, title="Later",
                            remind_at=timezone.now() + timedelta(hours=1))  # fmt: skip
    assert [m.subject for m in mail.outbox] == ["Reminder: \u2068Due\u2069"]  # title isolated
    assert Reminder.objects.get(task=later).state == "pending"


@pytest.mark.django_db(transaction=True)
def test_the_database_worker_sends_a_queued_reminder_once(alice, contact):
    # Given a task saved with a reminder that is due (queued on commit, twice: on time and
    # once more after the lease, in case a worker dies)
    task = TaskFactory(record=contact, remind_at=timezone.now() - timedelta(hours=1))
    assert DBTaskResult.objects.ready().count() == 2

    # When django-tasks-db's worker runs everything that is ready
    call_command("db_worker", batch=True, startup_delay=False, reload=False, stdout=StringIO())

    # Then the reminder went out once and both queue entries finished
    assert len(mail.outbox) == 1
    assert Reminder.objects.get(task=task).state == "sent"
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"SUCCESSFUL"}
    assert sorted(DBTaskResult.objects.values_list("return_value", flat=True)) == [
        "not claimed", "sent",
    ]  # fmt: skip

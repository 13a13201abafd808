"""Reminders fire once: processed twice, a done task, a claim that is still live or has run out,
a failing mail server, and times in daylight-saving gaps and repeats."""

from datetime import UTC, datetime, timedelta
from io import StringIO
from unittest import mock

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from estatedesk.activities import reminders, services
from estatedesk.activities.choices import ReminderState
from estatedesk.activities.models import Notification, Reminder
from estatedesk.contacts.tests.factories import ContactFactory
from estatedesk.core.choices import Visibility

from .factories import TaskFactory

pytestmark = pytest.mark.django_db

LEASE = timedelta(minutes=5)


@pytest.fixture
def contact(alice):
    return ContactFactory(owner=alice, first_name="Noor", last_name="Visser")


def due_task(contact, **kwargs):
    kwargs.setdefault("remind_at", timezone.now() - timedelta(minutes=1))
    return TaskFactory(record=contact, title="Send the brochure", **kwargs)


def test_processing_due_reminders_twice_sends_once(contact, alice):
    task = due_task(contact)

    first = reminders.reminders_process_due()
    second = reminders.reminders_process_due()

    assert first == {"sent": 1}
    assert second == {}
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [alice.email]
    assert "Send the brochure" in message.subject
    assert contact.get_absolute_url() in message.body
    reminder = Reminder.objects.get(task=task)
    assert reminder.state == ReminderState.SENT
    assert reminder.sent_at is not None
    notification = Notification.objects.get()
    assert (notification.user, notification.task, notification.reminder) == (alice, task, reminder)


def test_the_same_reminder_delivered_twice_in_a_row_sends_once(contact):
    task = due_task(contact)
    assert reminders.reminder_deliver(task.reminder.pk) == reminders.Delivery.SENT
    assert reminders.reminder_deliver(task.reminder.pk) == reminders.Delivery.NOT_CLAIMED
    assert len(mail.outbox) == 1
    assert Notification.objects.count() == 1


def test_a_reminder_is_not_sent_before_its_time(contact):
    task = due_task(contact, remind_at=timezone.now() + timedelta(hours=2))
    assert reminders.reminders_process_due() == {}
    assert reminders.reminders_process_due(now=task.reminder.remind_at) == {"sent": 1}
    assert len(mail.outbox) == 1


def test_a_done_task_sends_nothing(contact, alice):
    task = due_task(contact)
    services.task_set_done(task=task, actor=alice)

    assert reminders.reminders_process_due() == {}
    assert mail.outbox == []
    assert Reminder.objects.get(task=task).state == ReminderState.CANCELLED
    assert not Notification.objects.exists()


def test_a_task_done_after_its_reminder_was_claimed_sends_nothing(contact, alice):
    # Given a reminder queued, and the task ticked off before the worker gets to it
    task = due_task(contact)
    Task = type(task)
    Task.objects.filter(pk=task.pk).update(done_at=timezone.now())

    # When a worker claims it anyway
    outcome = reminders.reminder_deliver(task.reminder.pk)

    # Then it is cancelled, and nothing is sent
    assert outcome == reminders.Delivery.CANCELLED
    assert mail.outbox == []
    assert Reminder.objects.get(task=task).state == ReminderState.CANCELLED


def test_reopening_a_task_rearms_a_future_reminder(contact, alice):
    task = due_task(contact, remind_at=timezone.now() + timedelta(hours=1))
    services.task_set_done(task=task, actor=alice)
    services.task_set_done(task=task, actor=alice, done=False)
    assert Reminder.objects.get(task=task).state == ReminderState.PENDING


def test_a_reminder_for_a_record_the_assignee_can_no_longer_see_is_not_sent(contact, alice, bob):
    # Given Alice's task for Bob on her office contact, then the contact made personal
    due_task(contact, assignee=bob)
    type(contact).objects.filter(pk=contact.pk).update(visibility=Visibility.PERSONAL)

    assert reminders.reminders_process_due() == {"cancelled": 1}
    assert mail.outbox == []


def test_a_live_claim_is_left_alone_and_an_expired_one_taken_over(contact):
    task = due_task(contact)
    now = timezone.now()
    # Given a worker that claimed the reminder and then went silent
    token = reminders.reminder_claim(task.reminder.pk, now=now, lease=LEASE)
    assert token

    # When another worker looks while the lease runs, nothing happens
    assert reminders.reminders_process_due(now=now + LEASE - timedelta(seconds=1)) == {}
    # When another looks after the lease ran out, it takes over and sends
    assert reminders.reminders_process_due(now=now + LEASE + timedelta(seconds=1)) == {"sent": 1}
    assert len(mail.outbox) == 1
    assert Reminder.objects.get(task=task).attempts == 2


def test_a_worker_that_overran_its_lease_does_not_mark_or_notify(contact):
    task = due_task(contact)
    now = timezone.now()
    slow = reminders.reminder_claim(task.reminder.pk, now=now, lease=LEASE)
    # Another worker takes over after the lease and finishes
    assert reminders.reminders_process_due(now=now + LEASE * 2) == {"sent": 1}

    # When the slow worker comes back and tries to mark its send
    marked = reminders.CLAIMS.release(task.reminder.pk, slow, state=ReminderState.SENT)

    assert marked == 0
    assert Notification.objects.count() == 1


def test_a_refusing_mail_server_releases_the_reminder_to_be_tried_again(contact, settings):
    task = due_task(contact)
    with mock.patch("django.core.mail.EmailMessage.send", side_effect=OSError("refused")):
        assert reminders.reminders_process_due() == {"failed": 1}
    reminder = Reminder.objects.get(task=task)
    assert (reminder.state, reminder.claim_token, reminder.attempts) == ("pending", "", 1)
    assert "refused" in reminder.last_error
    assert not Notification.objects.exists()

    assert reminders.reminders_process_due() == {"sent": 1}
    assert len(mail.outbox) == 1


def test_the_worker_queues_a_refused_reminder_again_after_a_delay(contact):
    from django_tasks_db.models import DBTaskResult

    from estatedesk.activities.tasks import send_reminder

    task = due_task(contact)
    before = timezone.now()
    with mock.patch("django.core.mail.EmailMessage.send", side_effect=OSError("refused")):
        assert send_reminder.call(task.reminder.pk) == "failed"

    [queued] = DBTaskResult.objects.filter(task_path="estatedesk.activities.tasks.send_reminder")
    assert queued.args_kwargs["args"] == [task.reminder.pk]
    # The first retry waits 2 minutes (then 4, 8 …)
    assert before + timedelta(minutes=2) <= queued.run_after
    assert queued.run_after <= timezone.now() + timedelta(minutes=2)


def test_a_reminder_is_given_up_after_too_many_failures(contact):
    task = due_task(contact)
    with mock.patch("django.core.mail.EmailMessage.send", side_effect=OSError("refused")):
        for _ in range(reminders.MAX_ATTEMPTS):
            reminders.reminders_process_due()
    assert Reminder.objects.get(task=task).state == ReminderState.FAILED
    assert reminders.reminders_process_due() == {}


def test_changing_the_reminder_time_arms_it_again_and_keeping_it_does_not(contact, alice):
    task = due_task(contact)
    reminders.reminders_process_due()
    sent_at = task.reminder.remind_at

    services.task_update(task=task, actor=alice, title="Send the new brochure", remind_at=sent_at)
    assert Reminder.objects.get(task=task).state == ReminderState.SENT
    assert reminders.reminders_process_due() == {}

    services.task_update(task=task, actor=alice, remind_at=sent_at + timedelta(seconds=30))
    assert Reminder.objects.get(task=task).state == ReminderState.PENDING
    assert reminders.reminders_process_due(now=timezone.now() + timedelta(minutes=1)) == {"sent": 1}
    assert len(mail.outbox) == 2
    assert mail.outbox[0].extra_headers["Message-ID"] != mail.outbox[1].extra_headers["Message-ID"]


def test_removing_the_reminder_time_removes_the_reminder(contact, alice):
    task = due_task(contact, remind_at=timezone.now() + timedelta(hours=1))
    services.task_update(task=task, actor=alice, remind_at=None)
    assert not Reminder.objects.filter(task=task).exists()


def test_the_management_command_sends_what_is_due(contact):
    due_task(contact)
    first, second = StringIO(), StringIO()
    call_command("send_due_reminders", stdout=first)
    call_command("send_due_reminders", stdout=second)
    assert "1 sent" in first.getvalue()
    assert "none due" in second.getvalue()
    assert len(mail.outbox) == 1


def test_the_notification_shows_on_my_tasks_and_is_marked_read(contact, alice, as_alice):
    due_task(contact)
    reminders.reminders_process_due()
    notification = Notification.objects.get()

    page = as_alice.get(reverse("activities:my_tasks")).content.decode()
    assert f'id="notification-{notification.pk}"' in page
    assert 'id="unread-count"' in as_alice.get(reverse("activities:nav_badges")).content.decode()

    as_alice.post(reverse("activities:notification_read", args=[notification.pk]))
    notification.refresh_from_db()
    assert notification.read_at is not None
    page = as_alice.get(reverse("activities:my_tasks")).content.decode()
    assert f'id="notification-{notification.pk}"' not in page
    assert (
        'id="unread-count"' not in as_alice.get(reverse("activities:nav_badges")).content.decode()
    )


def test_nobody_else_can_mark_a_notification_read(contact, as_bob):
    due_task(contact)
    reminders.reminders_process_due()
    notification = Notification.objects.get()
    response = as_bob.post(reverse("activities:notification_read", args=[notification.pk]))
    assert response.status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None


# --- the reminder e-mail speaks the office's time ------------------------------------------------


def test_the_reminder_mail_shows_the_due_time_in_the_office_timezone(contact, alice):
    due = datetime(2026, 7, 1, 8, 0, tzinfo=UTC)  # 10:00 in Amsterdam (summer time)
    due_task(contact, due_at=due)
    reminders.reminders_process_due()
    assert "10:00" in mail.outbox[0].body or "10 a.m." in mail.outbox[0].body

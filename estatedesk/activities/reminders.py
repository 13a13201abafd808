"""Sending task reminders exactly once: claim, check, send the e-mail, mark and notify.

What is guaranteed, and how, is in docs/reminders.md; the claim and its lease are core.leases'.
Runs in the worker (tasks.py) and in `manage.py send_due_reminders`; nothing here queues work
unless given a `retry`, so that the worker side alone knows the tasks.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from enum import StrEnum

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from estatedesk.core import events
from estatedesk.core.leases import LeasedRows, Retry
from estatedesk.core.text import isolate

from .choices import NotificationKind, ReminderState
from .models import Notification, Reminder, Task
from .times import office_tz

logger = logging.getLogger(__name__)

# After this many failed SMTP attempts a reminder is given up (state "failed").
MAX_ATTEMPTS = 5


def lease_duration() -> timedelta:
    return timedelta(seconds=settings.REMINDER_LEASE_SECONDS)


CLAIMS = LeasedRows(
    model=Reminder,
    state_field="state",
    claimed_state=ReminderState.SENDING,
    due=lambda reminders, now: reminders.due(now),
    order_by=("remind_at", "pk"),
    lease=lease_duration,
)


class Delivery(StrEnum):
    SENT = "sent"
    NOT_CLAIMED = "not claimed"  # not due, already sent, or another worker holds it
    CANCELLED = "cancelled"  # the task is done, gone, or no longer the assignee's to see
    LOST_CLAIM = "lost claim"  # this worker overran its lease and another took over
    FAILED = "failed"  # the mail server refused; released to be tried again


def reminder_claim(
    reminder_id: int, *, now: datetime | None = None, lease: timedelta | None = None
) -> str | None:
    """Atomically take a due reminder for this worker; returns the claim token, or None.

    One UPDATE decides: only a pending reminder that is due, or a claim whose lease ran out,
    matches, so of any number of workers exactly one gets it.
    """
    return CLAIMS.claim(reminder_id, now=now, lease=lease)


def reminder_deliver(
    reminder_id: int,
    *,
    now: datetime | None = None,
    lease: timedelta | None = None,
    retry: Retry | None = None,
) -> Delivery:
    """Claim, send and mark one reminder (the e-mail and the in-app notification).

    Runs outside any transaction on purpose: the claim must be committed before the mail goes
    out, and the mark after it. A failed send is released to be tried again, and queued for
    later through `retry` when given.
    """
    token = reminder_claim(reminder_id, now=now, lease=lease)
    if token is None:
        return Delivery.NOT_CLAIMED
    reminder = Reminder.objects.select_related(
        "task__assignee__office", "task__lead", "task__contact", "task__relation"
    ).get(pk=reminder_id)
    if not _still_wanted(reminder.task):
        CLAIMS.release(reminder_id, token, state=ReminderState.CANCELLED)
        return Delivery.CANCELLED
    title, body = _reminder_text(reminder)
    try:
        _send_email(reminder, title, body)
    except Exception as exc:
        logger.warning("Reminder %s: sending failed: %s", reminder_id, exc)
        _release_failed(reminder, token, exc, retry)
        return Delivery.FAILED
    return _mark_sent(reminder, token, title)


def _still_wanted(task: Task) -> bool:
    """A done task, a deactivated assignee, or one who can no longer see it: nothing to send."""
    assignee = task.assignee
    return (
        not task.is_done
        and assignee.is_active
        and Task.objects.visible_to(assignee).filter(pk=task.pk).exists()
    )


def _send_email(reminder: Reminder, title: str, body: str) -> None:
    message = EmailMessage(
        subject=title,
        body=body,
        to=[reminder.task.assignee.email],
        # The same id on every attempt: a copy sent twice is recognisably the same message.
        headers={"Message-ID": reminder_message_id(reminder)},
    )
    message.send()


def _release_failed(reminder: Reminder, token: str, exc: Exception, retry: Retry | None) -> None:
    """Pending again, to be tried after a growing delay; failed for good after MAX_ATTEMPTS."""
    failed = reminder.attempts >= MAX_ATTEMPTS
    CLAIMS.release(
        reminder.pk, token, last_error=str(exc)[:1000],
        state=ReminderState.FAILED if failed else ReminderState.PENDING,
    )  # fmt: skip
    if not failed and retry is not None:
        retry(reminder.pk, timezone.now() + timedelta(minutes=2**reminder.attempts))


def _mark_sent(reminder: Reminder, token: str, title: str) -> Delivery:
    """Sent, with its notification: both or neither, and only while this worker holds it."""
    task = reminder.task
    with transaction.atomic():
        marked = CLAIMS.release(
            reminder.pk, token, state=ReminderState.SENT, sent_at=timezone.now(), last_error=""
        )
        if not marked:
            return Delivery.LOST_CLAIM
        Notification.objects.create(
            office_id=task.office_id,
            user=task.assignee,
            kind=NotificationKind.REMINDER,
            title=title,
            body=task.notes[:1000],
            url=task.record.get_absolute_url() if task.record else "",
            task=task,
            reminder=reminder,
        )
        # Once per task and due time, however often its reminder is re-armed and sent.
        events.publish(events.TASK_DUE, office_id=task.office_id,
                       payload=events.task_payload(task, remind_at=reminder.remind_at),
                       key=f"{task.pk}:{task.due_at.isoformat()}")  # fmt: skip
    return Delivery.SENT


def reminder_message_id(reminder: Reminder) -> str:
    domain = settings.DEFAULT_FROM_EMAIL.rsplit("@", 1)[-1].strip("> ") or "estatedesk"
    return f"<reminder-{reminder.pk}-{int(reminder.remind_at.timestamp())}@{domain}>"


def _reminder_text(reminder: Reminder) -> tuple[str, str]:
    """Subject and body, in the office's language and timezone."""
    task = reminder.task
    office = task.assignee.staff_office
    url = settings.ESTATEDESK_BASE_URL.rstrip("/") + (
        task.record.get_absolute_url() if task.record else ""
    )
    with translation.override(office.language), timezone.override(office_tz(office)):
        # The title isolated: a bidi control in it cannot reorder the subject or the banner.
        title = _("Reminder: %(title)s") % {"title": isolate(task.title)}
        body = render_to_string(
            "activities/reminder_email.txt", {"task": task, "record": task.record, "url": url}
        )
    return title, body


def reminders_process_due(
    *,
    now: datetime | None = None,
    lease: timedelta | None = None,
    limit: int = 500,
    retry: Retry | None = None,
) -> dict[str, int]:
    """Deliver every reminder that is due (or stuck with a dead worker's lease)."""
    now = now or timezone.now()
    return CLAIMS.process_due(
        lambda pk: reminder_deliver(pk, now=now, lease=lease, retry=retry), now=now, limit=limit
    )

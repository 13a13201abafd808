"""Every write to activities, tasks, reminders, notifications and calendar feeds.

Sending reminders is reminders.py's (the worker's side); saving a task queues its reminder.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from estatedesk.accounts.models import User
from estatedesk.contacts.models import Contact, Lead, Relation
from estatedesk.core.models import SharedRecord
from estatedesk.core.permissions import require_staff

from .choices import (
    CONTACTING_TYPES,
    DIRECTED_TYPES,
    SCHEDULED_TYPES,
    ActivityType,
    CallOutcome,
    Direction,
    ReminderState,
    TaskPriority,
)
from .models import Activity, ActivityLink, CalendarFeed, Notification, Reminder, Task
from .tasks import schedule_reminder

Record = Lead | Contact | Relation
RECORD_FIELD: dict[type[SharedRecord], str] = {
    Lead: "lead",
    Contact: "contact",
    Relation: "relation",
}


def _require_visible(records: Sequence[Record], actor: User) -> None:
    """Every record must be one the actor may see; what they may not see does not exist."""
    for record in records:
        if not type(record).objects.visible_to(actor).filter(pk=record.pk).exists():
            raise PermissionDenied


def _record_kwargs(record: Record) -> dict[str, Record]:
    return {RECORD_FIELD[type(record)]: record}


def _office_user(user_id: int | None, office_id: int, field: str) -> User | None:
    if user_id is None:
        return None
    user = User.objects.filter(pk=user_id, office_id=office_id, is_active=True).first()
    if user is None or not user.is_staff_member:
        raise ValidationError({field: _("Choose an active user of your office.")})
    return user


def _aware(value: datetime | None, field: str) -> datetime | None:
    if value is not None and timezone.is_naive(value):
        raise ValidationError({field: _("A time needs its timezone.")})
    return value


# --- activities ---------------------------------------------------------------------------------


def _clean_activity(activity: Activity) -> None:
    """Fields a kind does not have are emptied; what a kind needs is checked."""
    errors: dict[str, str] = {}
    if activity.kind not in ActivityType.values:
        errors["kind"] = _("Choose a type of activity.")
    if activity.kind in DIRECTED_TYPES:
        activity.direction = activity.direction or Direction.OUTGOING
        if activity.direction not in Direction.values:
            errors["direction"] = _("Choose incoming or outgoing.")
    else:
        activity.direction = ""
    if activity.kind != ActivityType.CALL:
        activity.duration_minutes = None
        activity.outcome = ""
    elif activity.outcome and activity.outcome not in CallOutcome.values:
        errors["outcome"] = _("Choose an outcome.")
    if activity.kind in SCHEDULED_TYPES:
        if activity.ends_at is not None and activity.ends_at < activity.occurred_at:
            errors["ends_at"] = _("It cannot end before it starts.")
    else:
        activity.ends_at = None
        activity.location = ""
        activity.assigned_to = None
    if activity.kind == ActivityType.NOTE and not (activity.body.strip() or activity.subject):
        errors["body"] = _("Write the note.")
    if errors:
        raise ValidationError(errors)


def _touch_last_contacted(records: Sequence[Record], when: datetime) -> None:
    """Move "last contacted" of the leads and contacts forward (never back, never ahead)."""
    if when > timezone.now():
        return  # a planned meeting is not contact yet
    for model in (Lead, Contact):
        pks = [r.pk for r in records if isinstance(r, model)]
        if pks:
            model.objects.filter(pk__in=pks).filter(
                Q(last_contacted_at__isnull=True) | Q(last_contacted_at__lt=when)
            ).update(last_contacted_at=when, updated_at=timezone.now())  # a new version (ETag)


def _recompute_last_contacted(records: Sequence[Record], removed_at: datetime) -> None:
    """After an activity went away: "last contacted" falls back to the latest one left."""
    for model, field in ((Lead, "lead"), (Contact, "contact")):
        for record in (r for r in records if isinstance(r, model)):
            if record.last_contacted_at != removed_at:
                continue
            latest = ActivityLink.objects.filter(
                office_id=record.office_id,
                **{field: record},
                activity__kind__in=CONTACTING_TYPES,
                activity__occurred_at__lte=timezone.now(),
            ).aggregate(m=Max("activity__occurred_at"))["m"]
            model.objects.filter(pk=record.pk).update(
                last_contacted_at=latest, updated_at=timezone.now()
            )


@transaction.atomic
def activity_log(
    *,
    actor: User,
    kind: str,
    records: Sequence[Record],
    occurred_at: datetime | None = None,
    direction: str = "",
    subject: str = "",
    body: str = "",
    duration_minutes: int | None = None,
    outcome: str = "",
    ends_at: datetime | None = None,
    location: str = "",
    assigned_to: User | None = None,
) -> Activity:
    """Log something that happened with one or more records the actor may see.

    Fields the kind does not have (a duration on a note) are dropped. A call, e-mail, WhatsApp,
    SMS, meeting or appointment that has happened moves the records' "last contacted".
    """
    office_id = require_staff(actor)
    records = list(dict.fromkeys(records))
    if not records:
        raise ValidationError(_("An activity needs at least one lead, contact or relation."))
    _require_visible(records, actor)
    activity = Activity(
        office_id=office_id,
        kind=kind,
        direction=direction or "",
        occurred_at=_aware(occurred_at, "occurred_at") or timezone.now(),
        ends_at=_aware(ends_at, "ends_at"),
        location=(location or "").strip(),
        subject=(subject or "").strip(),
        body=(body or "").strip(),
        duration_minutes=duration_minutes,
        outcome=outcome or "",
        logged_by=actor,
        assigned_to=_office_user(assigned_to.pk if assigned_to else None, office_id, "assigned_to"),
    )
    _clean_activity(activity)
    activity.full_clean(exclude=["office", "logged_by", "assigned_to"])
    activity.save()
    ActivityLink.objects.bulk_create(
        ActivityLink(office_id=office_id, activity=activity, **_record_kwargs(r)) for r in records
    )
    if activity.kind in CONTACTING_TYPES:
        _touch_last_contacted(records, activity.occurred_at)
    return activity


def _editable_activity(activity: Activity, actor: User) -> Activity:
    require_staff(actor)
    fresh = Activity.objects.visible_to(actor).select_for_update().filter(pk=activity.pk).first()
    if fresh is None:
        raise PermissionDenied
    if fresh.logged_by_id != actor.pk and not actor.is_office_admin:
        raise PermissionDenied(_("Only who logged it, or an administrator, can change this."))
    return fresh


def _linked_records(activity: Activity) -> list[Record]:
    links = ActivityLink.objects.filter(activity=activity).select_related(
        "lead", "contact", "relation"
    )
    return [link.record for link in links]


ACTIVITY_FIELDS = ("kind", "direction", "occurred_at", "subject", "body", "duration_minutes",
                   "outcome", "ends_at", "location", "assigned_to")  # fmt: skip


@transaction.atomic
def activity_update(*, activity: Activity, actor: User, **changes: Any) -> Activity:
    """Change what was logged (who logged it, or an administrator)."""
    unknown = set(changes) - set(ACTIVITY_FIELDS)
    if unknown:
        raise TypeError(f"activity_update() cannot change {', '.join(sorted(unknown))}")
    activity = _editable_activity(activity, actor)
    before = activity.occurred_at
    for name, value in changes.items():
        if name == "assigned_to":
            value = _office_user(value.pk if value else None, activity.office_id, "assigned_to")
        elif name in ("occurred_at", "ends_at"):
            value = _aware(value, name)
        elif isinstance(value, str):
            value = value.strip()
        setattr(activity, name, value)
    if activity.occurred_at is None:
        raise ValidationError({"occurred_at": _("Say when it happened.")})
    _clean_activity(activity)
    activity.full_clean(exclude=["office", "logged_by", "assigned_to"])
    activity.save()
    records = _linked_records(activity)
    _recompute_last_contacted(records, before)
    if activity.kind in CONTACTING_TYPES:
        _touch_last_contacted(records, activity.occurred_at)
    return activity


@transaction.atomic
def activity_delete(*, activity: Activity, actor: User) -> None:
    activity = _editable_activity(activity, actor)
    records = _linked_records(activity)
    occurred_at = activity.occurred_at
    activity.delete()
    _recompute_last_contacted(records, occurred_at)


# --- tasks and their reminders ------------------------------------------------------------------


def _check_assignee(assignee: User | None, record: Record, actor: User, office_id: int) -> User:
    assignee = _office_user(assignee.pk if assignee else actor.pk, office_id, "assignee")
    assert assignee is not None
    if not type(record).objects.visible_to(assignee).filter(pk=record.pk).exists():
        raise ValidationError(
            {
                "assignee": _(
                    "%(user)s cannot see %(record)s: share it with the office first, or choose "
                    "someone who can see it."
                )
                % {"user": assignee, "record": record}
            }
        )
    return assignee


def _validate_task(task: Task) -> None:
    task.title = (task.title or "").strip()
    task.notes = (task.notes or "").strip()
    if task.priority not in TaskPriority.values:
        raise ValidationError({"priority": _("Choose a priority.")})
    if not task.title:
        raise ValidationError({"title": _("Give the task a title.")})
    if task.due_at is None:
        raise ValidationError({"due_at": _("Say when it is due.")})
    _aware(task.due_at, "due_at")
    task.full_clean(exclude=["office", "assignee", "created_by", "lead", "contact", "relation"])


@transaction.atomic
def task_create(
    *,
    actor: User,
    record: Record,
    title: str,
    due_at: datetime,
    assignee: User | None = None,
    notes: str = "",
    priority: str = TaskPriority.NORMAL,
    remind_at: datetime | None = None,
) -> Task:
    """A task about a record the actor may see, for a user of the office who may see it too."""
    office_id = require_staff(actor)
    _require_visible([record], actor)
    task = Task(
        office_id=office_id,
        title=title,
        notes=notes,
        due_at=due_at,
        priority=priority,
        created_by=actor,
        assignee=_check_assignee(assignee, record, actor, office_id),
        **_record_kwargs(record),
    )
    _validate_task(task)
    task.save()
    _sync_reminder(task, _aware(remind_at, "remind_at"))
    return task


def _visible_task(task: Task, actor: User) -> Task:
    require_staff(actor)
    fresh = (
        Task.objects.visible_to(actor)
        .select_for_update(of=("self",))
        .select_related("lead", "contact", "relation")
        .filter(pk=task.pk)
        .first()
    )
    if fresh is None:
        raise PermissionDenied
    return fresh


TASK_FIELDS = ("title", "notes", "due_at", "assignee", "priority", "remind_at")


@transaction.atomic
def task_update(*, task: Task, actor: User, **changes: Any) -> Task:
    """Anyone who sees the task may change it; the record it is about stays."""
    unknown = set(changes) - set(TASK_FIELDS)
    if unknown:
        raise TypeError(f"task_update() cannot change {', '.join(sorted(unknown))}")
    task = _visible_task(task, actor)
    remind_at = changes.pop("remind_at", ...)
    if "assignee" in changes:
        task.assignee = _check_assignee(changes.pop("assignee"), task.record, actor, task.office_id)
    for name, value in changes.items():
        setattr(task, name, value)
    _validate_task(task)
    task.save()
    if remind_at is not ...:
        _sync_reminder(task, _aware(remind_at, "remind_at"))
    return task


@transaction.atomic
def task_set_done(*, task: Task, actor: User, done: bool = True) -> Task:
    """Tick a task off (its pending reminder is cancelled), or open it again."""
    task = _visible_task(task, actor)
    if done == task.is_done:
        return task
    task.done_at = timezone.now() if done else None
    task.save(update_fields=["done_at", "updated_at"])
    if done:
        Reminder.objects.filter(task=task, state=ReminderState.PENDING).update(
            state=ReminderState.CANCELLED, updated_at=timezone.now()
        )
    else:
        reminder = Reminder.objects.filter(task=task, state=ReminderState.CANCELLED).first()
        if reminder is not None and reminder.remind_at > timezone.now():
            _arm(reminder, reminder.remind_at)
    return task


@transaction.atomic
def task_delete(*, task: Task, actor: User) -> None:
    task = _visible_task(task, actor)
    if actor.pk not in (task.created_by_id, task.assignee_id) and not actor.is_office_admin:
        raise PermissionDenied(_("Only its creator, its assignee or an administrator can."))
    task.delete()


def _arm(reminder: Reminder, remind_at: datetime) -> None:
    """(Re)start a reminder: pending, no claim, and queued for its time once committed."""
    if reminder.pk is not None:
        # The notification of an earlier arming stays, no longer holding the one-per-reminder slot.
        Notification.objects.filter(reminder=reminder).update(reminder=None)
    reminder.remind_at = remind_at
    reminder.state = ReminderState.PENDING
    reminder.claim_token = ""
    reminder.lease_until = None
    reminder.attempts = 0
    reminder.sent_at = None
    reminder.last_error = ""
    reminder.save()
    reminder_id = reminder.pk
    transaction.on_commit(lambda: schedule_reminder(reminder_id, remind_at))


def _sync_reminder(task: Task, remind_at: datetime | None) -> None:
    """Make the task's reminder match `remind_at` (None: no reminder).

    An unchanged time keeps the reminder as it is (a sent one is not sent again); a new time
    starts it afresh. The reminder of a done task is cancelled.
    """
    reminder = Reminder.objects.select_for_update().filter(task=task).first()
    if remind_at is None:
        if reminder is not None:
            reminder.delete()
        return
    remind_at = remind_at.replace(microsecond=0)
    if reminder is None:
        reminder = Reminder(office_id=task.office_id, task=task, remind_at=remind_at)
    elif reminder.remind_at == remind_at and reminder.state != ReminderState.CANCELLED:
        return
    if task.is_done:
        reminder.remind_at = remind_at
        reminder.state = ReminderState.CANCELLED
        reminder.save()
        return
    _arm(reminder, remind_at)


# --- notifications ------------------------------------------------------------------------------


def notification_mark_read(*, notification_id: int, actor: User) -> int:
    if actor.office_id is None:
        return 0  # every notification belongs to an office
    return Notification.objects.filter(
        pk=notification_id, user=actor, office_id=actor.office_id, read_at__isnull=True
    ).update(read_at=timezone.now())


def notifications_mark_all_read(*, actor: User) -> int:
    if actor.office_id is None:
        return 0
    return Notification.objects.filter(
        user=actor, office_id=actor.office_id, read_at__isnull=True
    ).update(read_at=timezone.now())


# --- calendar feed ------------------------------------------------------------------------------


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def calendar_feed_regenerate(*, actor: User) -> str:
    """A new secret address for the actor's calendar; the old one stops working at once.

    Returns the token: it is shown once, only its hash is kept.
    """
    office_id = require_staff(actor)
    token = secrets.token_urlsafe(32)
    CalendarFeed.objects.update_or_create(
        user=actor, defaults={"office_id": office_id, "token_hash": token_hash(token)}
    )
    return token


@transaction.atomic
def calendar_feed_revoke(*, actor: User) -> None:
    CalendarFeed.objects.filter(user=actor).delete()


# --- lead conversion ----------------------------------------------------------------------------


def lead_history_move(*, lead: Lead, contact: Contact, actor: User) -> None:
    """Conversion hook: the contact's timeline shows the lead's activities; tasks move over.

    Activities keep their link to the lead too (they happened with the lead), and gain one to
    the contact. Runs inside lead_convert's transaction.
    """
    already = ActivityLink.objects.filter(office_id=contact.office_id, contact=contact).values(
        "activity_id"
    )
    # No ORDER BY: sorted by id, SQLite would rather walk the office's whole (office) index
    # than sort the lead's few links, which grows with the office's links.
    activity_ids = (
        ActivityLink.objects.filter(office_id=lead.office_id, lead=lead)
        .exclude(activity_id__in=already)
        .order_by()
        .values_list("activity_id", flat=True)
    )
    ActivityLink.objects.bulk_create(
        ActivityLink(office_id=contact.office_id, activity_id=pk, contact=contact)
        for pk in list(activity_ids)
    )
    Task.objects.filter(office_id=lead.office_id, lead=lead).update(
        lead=None, contact=contact, updated_at=timezone.now()
    )

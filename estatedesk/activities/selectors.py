"""Reads: timelines, a record's tasks, "My tasks", the navigation counts, the calendar feed."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from django.db.models import Count, IntegerField, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from estatedesk.accounts.models import User
from estatedesk.contacts.models import Contact, Lead, Relation
from estatedesk.core.models import SharedRecord

from .choices import ActivityType
from .models import Activity, ActivityLink, CalendarFeed, Notification, Task
from .querysets import ActivityQuerySet, TaskQuerySet
from .services import token_hash
from .times import office_tz

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

RECORD_MODELS: dict[str, type[SharedRecord]] = {
    "lead": Lead,
    "contact": Contact,
    "relation": Relation,
}
TIMELINE_PAGE = 20
# The calendar feed lists appointments from this long ago on (and every open task).
FEED_PAST = timedelta(days=90)


def visible_record(kind: str, pk: int, user: User) -> SharedRecord | None:
    """The lead, contact or relation `pk` if the user may see it, else None."""
    model = RECORD_MODELS.get(kind)
    if model is None:
        return None
    return model.objects.visible_to(user).filter(pk=pk).first()


def record_kind(record: SharedRecord) -> str:
    return next(k for k, m in RECORD_MODELS.items() if isinstance(record, m))


def _links_prefetch(user: User) -> Prefetch[Any]:
    """Each activity's records that the user may see (to show "also with …"), in one query."""
    return Prefetch(
        "links",
        queryset=ActivityLink.objects.visible_to(user).select_related(
            "lead", "contact", "relation"
        ),
        to_attr="visible_links",
    )


# What a timeline needs of each other record an activity involves: its name and its URL.
NAME_FIELDS = {
    "lead": ("id", "office_id", "first_name", "last_name", "company"),
    "contact": ("id", "office_id", "first_name", "middle_name", "name_prefix", "last_name"),
    "relation": ("id", "office_id", "name"),
}


def attach_visible_links(items: list[Activity], record: SharedRecord, user: User) -> None:
    """Set each activity's `visible_links`: its links to records the user may see, each with
    its record loaded (the timeline's own record, or one of the others, named).

    Most activities involve only the timeline's record, which the caller fetched through
    `visible_to`; the other records are read through their own `visible_to`, a query per kind
    that occurs — at most four queries, whatever the number of activities.
    """
    if not items:
        return
    links = list(
        ActivityLink.objects.filter(
            office_id=record.office_id, activity_id__in=[a.pk for a in items]
        )
        .only("id", "office_id", "activity_id", *(f"{kind}_id" for kind in RECORD_MODELS))
        .order_by("pk")
    )
    own = (record_kind(record), record.pk)
    wanted: dict[str, set[int]] = {}
    for link in links:
        key = (link.record_kind, getattr(link, f"{link.record_kind}_id"))
        if key != own:
            wanted.setdefault(key[0], set()).add(key[1])
    records: dict[tuple[str, int], SharedRecord] = {own: record}
    for kind, ids in wanted.items():
        visible = RECORD_MODELS[kind].objects.visible_to(user).filter(pk__in=ids)
        records.update({(kind, r.pk): r for r in visible.only(*NAME_FIELDS[kind])})
    by_activity: dict[int, list[ActivityLink]] = {}
    for link in links:
        kind = link.record_kind
        found = records.get((kind, getattr(link, f"{kind}_id")))
        if found is not None:
            setattr(link, kind, found)
            by_activity.setdefault(link.activity_id, []).append(link)
    for activity in items:
        activity.visible_links = by_activity.get(activity.pk, [])


def activities_with_details(user: User) -> ActivityQuerySet:
    return (
        Activity.objects.visible_to(user)
        .select_related("logged_by", "assigned_to")
        .prefetch_related(_links_prefetch(user))
    )


# What a timeline item shows of an activity and of the users it names (`activities.items`);
# the rest (timestamps of the row, the users' passwords and dates) is not read.
TIMELINE_FIELDS = (
    "id", "office_id", "kind", "direction", "occurred_at", "ends_at", "location", "subject",
    "body", "duration_minutes", "outcome", "logged_by", "assigned_to",
    "logged_by__full_name", "logged_by__email", "assigned_to__full_name", "assigned_to__email",
)  # fmt: skip


@dataclass
class TimelinePage:
    items: list[Activity]
    next_cursor: str = ""
    kind: str = ""
    kinds: list[tuple[str, StrOrPromise]] = field(default_factory=list)


def encode_cursor(activity: Activity) -> str:
    return f"{activity.occurred_at.isoformat()}|{activity.pk}"


def decode_cursor(cursor: str) -> tuple[datetime, int] | None:
    moment, _sep, pk = (cursor or "").partition("|")
    when = parse_datetime(moment) if moment else None
    if when is None or not pk.isdigit() or timezone.is_naive(when):
        return None
    return when, int(pk)


def timeline(
    record: SharedRecord,
    user: User,
    *,
    kind: str = "",
    cursor: str = "",
    limit: int = TIMELINE_PAGE,
) -> TimelinePage:
    """A visible record's activities, newest first, `limit` at a time (keyset paging).

    The caller has fetched `record` through `visible_to`: whoever sees a record sees every
    activity linked to it, so the page needs no visibility subquery of its own. At most five
    queries whatever the number of activities: the page with its users (joined), its links,
    and the other records they name (`attach_visible_links`).
    """
    field_name = record_kind(record)
    links = ActivityLink.objects.filter(office_id=record.office_id, **{field_name: record})
    qs = (
        Activity.objects.filter(office_id=record.office_id, pk__in=links.values("activity_id"))
        .select_related("logged_by", "assigned_to")
        .only(*TIMELINE_FIELDS)
        .order_by("-occurred_at", "-pk")
    )
    if kind in ActivityType.values:
        qs = qs.filter(kind=kind)
    else:
        kind = ""
    if (position := decode_cursor(cursor)) is not None:
        when, pk = position
        qs = qs.filter(Q(occurred_at__lt=when) | Q(occurred_at=when, pk__lt=pk))
    items = list(qs[: limit + 1])
    more = len(items) > limit
    items = items[:limit]
    attach_visible_links(items, record, user)
    return TimelinePage(
        items=items,
        next_cursor=encode_cursor(items[-1]) if more else "",
        kind=kind,
        kinds=list(ActivityType.choices),
    )


def record_tasks(record: SharedRecord, user: User) -> list[Task]:
    """The open tasks about a visible record, soonest first."""
    return list(
        Task.objects.filter(office_id=record.office_id, **{record_kind(record): record})
        .open()
        .select_related("assignee", "reminder")
        .order_by("due_at", "pk")
    )


def timeline_context(
    record: SharedRecord, user: User, *, kind: str = "", cursor: str = ""
) -> dict[str, Any]:
    """What the History tab of a visible record shows (its template tag and the timeline views
    share it): the record's kind, a page of its timeline (`timeline`), its open tasks."""
    return {
        "record": record,
        "record_kind": record_kind(record),
        "page": timeline(record, user, kind=kind, cursor=cursor),
        "record_tasks": record_tasks(record, user),
    }


def tasks_with_records(user: User) -> TaskQuerySet:
    return Task.objects.visible_to(user).select_related(
        "assignee", "lead", "contact", "relation", "reminder"
    )


@dataclass
class MyTasks:
    overdue: list[Task]
    today: list[Task]
    upcoming: list[Task]
    done: list[Task]


def day_bounds(user: User, now: datetime) -> tuple[datetime, datetime]:
    """Start and end of today in the user's office timezone, as aware datetimes."""
    tz = office_tz(user.staff_office)
    today = now.astimezone(tz).date()
    start = datetime.combine(today, time.min, tzinfo=tz)
    end = datetime.combine(today + timedelta(days=1), time.min, tzinfo=tz)
    return start, end


def my_tasks(user: User, *, now: datetime | None = None, done_limit: int = 20) -> MyTasks:
    """The user's tasks they may see: overdue, due today, upcoming, and the latest done."""
    now = now or timezone.now()
    _start, end = day_bounds(user, now)
    mine = tasks_with_records(user).filter(assignee=user)
    open_tasks = list(mine.open().order_by("due_at", "pk"))
    done = list(mine.done().order_by("-done_at", "-pk")[:done_limit])
    return MyTasks(
        overdue=[t for t in open_tasks if t.due_at < now],
        today=[t for t in open_tasks if now <= t.due_at < end],
        upcoming=[t for t in open_tasks if t.due_at >= end],
        done=done,
    )


def notifications(user: User, *, limit: int = 10) -> list[Notification]:
    """The user's unread notifications, newest first."""
    if user.office_id is None:
        return []  # every notification belongs to an office
    return list(
        Notification.objects.filter(
            office_id=user.office_id, user=user, read_at__isnull=True
        ).order_by("-created_at", "-pk")[:limit]
    )


def nav_counts(user: User) -> dict[str, int]:
    """Open tasks (that the user may see) and unread notifications: one query."""
    if user.office_id is None:
        return {"open_tasks": 0, "unread": 0}  # sees no task, has no notification
    open_tasks = (
        Task.objects.visible_to(user)
        .open()
        .filter(assignee=user)
        .order_by()
        .values("assignee")
        .annotate(n=Count("pk"))
        .values("n")
    )
    unread = (
        Notification.objects.filter(office_id=user.office_id, user=user, read_at__isnull=True)
        .order_by()
        .values("user")
        .annotate(n=Count("pk"))
        .values("n")
    )
    row = (
        User.objects.filter(pk=user.pk)
        .annotate(
            open_tasks=Coalesce(Subquery(open_tasks, output_field=IntegerField()), 0),
            unread=Coalesce(Subquery(unread, output_field=IntegerField()), 0),
        )
        .values("open_tasks", "unread")
        .first()
    )
    if row is None:
        return {"open_tasks": 0, "unread": 0}
    return {"open_tasks": row["open_tasks"], "unread": row["unread"]}


# --- calendar feed ------------------------------------------------------------------------------


def feed_user(token: str) -> User | None:
    """The active staff user whose feed token this is, or None (wrong, old or revoked token)."""
    if not token or len(token) > 200:
        return None
    digest = token_hash(token)
    feed = CalendarFeed.objects.select_related("user__office").filter(token_hash=digest).first()
    if feed is None or not secrets.compare_digest(feed.token_hash, digest):
        return None
    user = feed.user
    if not (user.is_active and user.is_staff_member):
        return None
    return user


def calendar_tasks(user: User) -> list[Task]:
    """The feed's tasks: open ones assigned to the user, about records they may see."""
    return list(tasks_with_records(user).open().filter(assignee=user).order_by("due_at", "pk"))


def calendar_appointments(user: User, *, now: datetime | None = None) -> list[Activity]:
    """The feed's appointments: meetings and appointments the user logged (organises) or
    attends, on records they may see, from FEED_PAST ago on."""
    since = (now or timezone.now()) - FEED_PAST
    return list(
        activities_with_details(user)
        .scheduled()
        .filter(Q(logged_by=user) | Q(assigned_to=user), occurred_at__gte=since)
        .order_by("occurred_at", "pk")
    )

"""Reads: timelines, a record's tasks, "My tasks", the navigation counts, the calendar feed."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from django.db.models import Count, IntegerField, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from estatedesk.accounts.models import User
from estatedesk.contacts.models import Contact, Lead, Relation

from .choices import ActivityType
from .models import Activity, ActivityLink, CalendarFeed, Notification, Task
from .services import token_hash
from .times import office_tz

RECORD_MODELS: dict[str, type] = {"lead": Lead, "contact": Contact, "relation": Relation}
TIMELINE_PAGE = 20
# The calendar feed lists appointments from this long ago on (and every open task).
FEED_PAST = timedelta(days=90)


def visible_record(kind: str, pk: int, user: User):
    """The lead, contact or relation `pk` if the user may see it, else None."""
    model = RECORD_MODELS.get(kind)
    if model is None:
        return None
    return model.objects.visible_to(user).filter(pk=pk).first()


def record_kind(record) -> str:
    return next(k for k, m in RECORD_MODELS.items() if isinstance(record, m))


def _links_prefetch(user: User) -> Prefetch:
    """Each activity's records that the user may see (to show "also with …"), in one query."""
    return Prefetch(
        "links",
        queryset=ActivityLink.objects.visible_to(user).select_related(
            "lead", "contact", "relation"
        ),
        to_attr="visible_links",
    )


# What a timeline needs of each linked record: its name and its URL. Whole rows (JSON columns,
# search text, sixty columns of a contact) cost more to load than the query.
NAMED_LINK_FIELDS = (
    "id", "office_id", "activity_id", "lead_id", "contact_id", "relation_id",
    "lead__id", "lead__first_name", "lead__last_name", "lead__company",
    "contact__id", "contact__first_name", "contact__middle_name", "contact__name_prefix",
    "contact__last_name",
    "relation__id", "relation__name",
)  # fmt: skip


def _named_links_prefetch(user: User) -> Prefetch:
    """As `_links_prefetch`, loading of each record only what names and links it."""
    return Prefetch(
        "links",
        queryset=ActivityLink.objects.visible_to(user)
        .select_related("lead", "contact", "relation")
        .only(*NAMED_LINK_FIELDS),
        to_attr="visible_links",
    )


def activities_with_details(user: User) -> QuerySet[Activity]:
    return (
        Activity.objects.visible_to(user)
        .select_related("logged_by", "assigned_to")
        .prefetch_related(_links_prefetch(user))
    )


@dataclass
class TimelinePage:
    items: list[Activity]
    next_cursor: str = ""
    kind: str = ""
    kinds: list[tuple[str, str]] = field(default_factory=list)


def encode_cursor(activity: Activity) -> str:
    return f"{activity.occurred_at.isoformat()}|{activity.pk}"


def decode_cursor(cursor: str) -> tuple[datetime, int] | None:
    moment, _sep, pk = (cursor or "").partition("|")
    when = parse_datetime(moment) if moment else None
    if when is None or not pk.isdigit() or timezone.is_naive(when):
        return None
    return when, int(pk)


def timeline(
    record, user: User, *, kind: str = "", cursor: str = "", limit: int = TIMELINE_PAGE
) -> TimelinePage:
    """A visible record's activities, newest first, `limit` at a time (keyset paging).

    The caller has fetched `record` through `visible_to`: whoever sees a record sees every
    activity linked to it, so the page needs no visibility subquery of its own. Three queries
    whatever the number of activities: the page, its users (joined) and its visible links.
    """
    field_name = record_kind(record)
    links = ActivityLink.objects.filter(office_id=record.office_id, **{field_name: record})
    qs = (
        Activity.objects.filter(office_id=record.office_id, pk__in=links.values("activity_id"))
        .select_related("logged_by", "assigned_to")
        .prefetch_related(_named_links_prefetch(user))
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
    return TimelinePage(
        items=items,
        next_cursor=encode_cursor(items[-1]) if more else "",
        kind=kind,
        kinds=list(ActivityType.choices),
    )


def record_tasks(record, user: User) -> list[Task]:
    """The open tasks about a visible record, soonest first."""
    return list(
        Task.objects.filter(office_id=record.office_id, **{record_kind(record): record})
        .open()
        .select_related("assignee", "reminder")
        .order_by("due_at", "pk")
    )


def tasks_with_records(user: User) -> QuerySet[Task]:
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
    tz = office_tz(user.office)
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
    return list(
        Notification.objects.filter(
            office_id=user.office_id, user=user, read_at__isnull=True
        ).order_by("-created_at", "-pk")[:limit]
    )


def nav_counts(user: User) -> dict[str, int]:
    """Open tasks (that the user may see) and unread notifications: one query."""
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
    return row or {"open_tasks": 0, "unread": 0}


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

"""iCalendar (RFC 5545) for the calendar feed and single-appointment downloads.

Times are written in UTC (`DTSTART:20260329T010000Z`): every calendar program converts them to
its user's timezone, with no VTIMEZONE that could go stale. X-WR-TIMEZONE names the office's
timezone for programs that show a subscribed calendar in a timezone of its own.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from estatedesk.core.text import isolate

from .models import Activity, Task

PRODID = "-//EstateDesk//Calendar feed//EN"
TASK_LENGTH = timedelta(minutes=30)
APPOINTMENT_LENGTH = timedelta(hours=1)


def _domain() -> str:
    return settings.ESTATEDESK_BASE_URL.split("//", 1)[-1].split("/", 1)[0].split(":")[0]


def _url(path: str) -> str:
    return settings.ESTATEDESK_BASE_URL.rstrip("/") + path


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC)


def calendar(name: str, tz_name: str) -> Calendar:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", tz_name)
    return cal


def task_event(task: Task, stamp: datetime) -> Event:
    record = task.record
    event = Event()
    event.add("uid", f"task-{task.pk}@{_domain()}")
    event.add("dtstamp", _utc(stamp))
    event.add("last-modified", _utc(task.updated_at))
    event.add("dtstart", _utc(task.due_at))
    event.add("dtend", _utc(task.due_at + TASK_LENGTH))
    event.add("summary", _("Task: %(title)s") % {"title": isolate(task.title)})
    lines = [task.notes] if task.notes else []
    if record is not None:
        lines.append(f"{isolate(record)} – {_url(record.get_absolute_url())}")
        event.add("url", _url(record.get_absolute_url()))
    if lines:
        event.add("description", "\n".join(lines))
    event.add("categories", ["EstateDesk", _("Task")])
    return event


def appointment_event(activity: Activity, stamp: datetime) -> Event:
    event = Event()
    event.add("uid", f"activity-{activity.pk}@{_domain()}")
    event.add("dtstamp", _utc(stamp))
    event.add("last-modified", _utc(activity.updated_at))
    event.add("dtstart", _utc(activity.occurred_at))
    event.add("dtend", _utc(activity.ends_at or activity.occurred_at + APPOINTMENT_LENGTH))
    records = [link.record for link in getattr(activity, "visible_links", [])]
    title = activity.subject or activity.get_kind_display()
    if records:
        title = f"{isolate(title)} – {', '.join(isolate(r) for r in records)}"
    event.add("summary", title)
    if activity.location:
        event.add("location", activity.location)
    lines = [activity.body] if activity.body else []
    lines += [f"{isolate(r)} – {_url(r.get_absolute_url())}" for r in records]
    if lines:
        event.add("description", "\n".join(lines))
    event.add("url", _url(activity.get_absolute_url()))
    return event


def feed(
    *, name: str, tz_name: str, tasks: Iterable[Task], appointments: Iterable[Activity]
) -> bytes:
    stamp = timezone.now()
    cal = calendar(name, tz_name)
    for task in tasks:
        cal.add_component(task_event(task, stamp))
    for activity in appointments:
        cal.add_component(appointment_event(activity, stamp))
    return cal.to_ical()


def single_appointment(activity: Activity, tz_name: str) -> bytes:
    cal = calendar(str(activity), tz_name)
    cal.add_component(appointment_event(activity, timezone.now()))
    return cal.to_ical()

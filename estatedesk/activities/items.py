"""The items of a timeline, written in Python (see `core.tables` for why).

A History tab shows 20 activities; through the template engine their variable lookups, filters
and `get_FOO_display` calls (which translate every label of the choices on each call) cost more
than the queries that loaded the page (docs/performance.md has the figures). The markup is
the one the timeline's styles and scripts expect:
`<li class="activity activity-KIND" id="activity-PK">`. Every value goes through `esc` (or
`text_lines`, which escapes too); what a user typed is isolated for bidi (`bdi`, dir="auto").
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Model
from django.utils import formats, timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import normalize_newlines
from django.utils.translation import gettext, ngettext

from estatedesk.core.html import bdi
from estatedesk.core.tables import esc
from estatedesk.core.urlcache import id_url

from .choices import ActivityType, CallOutcome, Direction
from .models import Activity


def text_lines(value: str) -> str:
    """Escaped text with its line breaks as `<br>` (the `linebreaksbr` filter)."""
    return esc(normalize_newlines(value)).replace("\n", "<br>")


def _local(moment):
    return timezone.localtime(moment) if timezone.is_aware(moment) else moment


class _Labels:
    """What every item of one timeline shares, translated once per timeline."""

    def __init__(self) -> None:
        self.kinds = {value: str(label) for value, label in ActivityType.choices}
        self.directions = {value: str(label) for value, label in Direction.choices}
        self.outcomes = {value: str(label) for value, label in CallOutcome.choices}
        self.at = esc(gettext("at"))
        self.attending = esc(gettext("attending:"))
        self.with_ = esc(gettext("With"))
        self.details = esc(gettext("Details"))
        self.calendar = esc(gettext("Add to calendar (.ics)"))


def _same(a: Model | None, b: Model | None) -> bool:
    return a is not None and b is not None and type(a) is type(b) and a.pk == b.pk


def _item(activity: Activity, record: Model | None, t: _Labels) -> str:
    kind = activity.kind
    head = [f"<strong>{esc(t.kinds.get(kind, kind))}</strong>"]
    if activity.direction:
        label = t.directions.get(activity.direction, activity.direction)
        head.append(f'<span class="badge">{esc(label)}</span>')
    if activity.outcome:
        label = t.outcomes.get(activity.outcome, activity.outcome)
        head.append(f'<span class="badge">{esc(label)}</span>')
    if minutes := activity.duration_minutes:
        text = ngettext("%(n)s minute", "%(n)s minutes", minutes) % {"n": minutes}
        head.append(f'<span class="muted">{esc(text)}</span>')
    when = _local(activity.occurred_at)
    meta = (
        f'<time datetime="{esc(formats.date_format(when, "c"))}">'
        f"{esc(formats.date_format(when, 'DATETIME_FORMAT'))}</time>"
    )
    if activity.ends_at:
        meta += "–" + esc(formats.time_format(_local(activity.ends_at), "TIME_FORMAT"))
    head.append(f'<span class="activity-meta">{meta} · {bdi(activity.logged_by)}</span>')

    parts = [
        f'<li class="activity activity-{esc(kind)}" id="activity-{int(activity.pk)}">',
        '<div class="activity-head"><span class="activity-dot" aria-hidden="true"></span>',
        " ".join(head),
        "</div>",
    ]
    if activity.subject:
        parts.append(f'<div class="activity-subject">{bdi(activity.subject)}</div>')
    if activity.body:
        parts.append(f'<div class="activity-body" dir="auto">{text_lines(activity.body)}</div>')
    if activity.location or activity.assigned_to_id:
        where = f"{t.at} {bdi(activity.location)}" if activity.location else ""
        if activity.assigned_to_id:
            where += f" · {t.attending} {bdi(activity.assigned_to)}"
        parts.append(f'<div class="muted">{where}</div>')

    parts.append('<div class="activity-foot">')
    links = getattr(activity, "visible_links", [])
    if len(links) > 1 or record is None:
        others = ", ".join(
            f'<a href="{esc(link.record.get_absolute_url())}">{bdi(link.record)}</a>'
            for link in links
            if not _same(link.record, record)
        )
        parts.append(f'<small class="muted">{t.with_} {others}</small>')
    foot = f'<a href="{esc(activity.get_absolute_url())}">{t.details}</a>'
    if activity.is_scheduled:
        ics = id_url("activities:activity_ics", activity.pk)
        foot += f' · <a href="{esc(ics)}">{t.calendar}</a>'
    parts.append(f"<small>{foot}</small></div></li>\n")
    return "\n".join(parts[:-1]) + parts[-1]


def activity_items(activities: Iterable[Activity], record: Model | None = None) -> SafeString:
    """The `<li>` of each activity, as seen from `record`'s timeline (the other records it
    involves are named; with no record, all of them)."""
    labels = _Labels()
    return mark_safe("".join(_item(a, record, labels) for a in activities))  # noqa: S308 — escaped

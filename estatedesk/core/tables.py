"""Table cells rendered in Python, for the rows of the big record lists.

A list page shows 25 to 100 rows of eight cells; through Django's template engine the rows'
variable lookups and filters cost more than the SQL that fetched the whole page.
The rows are therefore written here, with every value escaped by `esc` (`core.html`: what the
template engine's autoescape does), from each list's column declarations (`core.columns`); the
page around the table — pager, filters — stays in templates.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import Any

from django.db.models import Field
from django.utils import formats, timezone
from django.utils.translation import gettext

from .html import bdi, esc

# The `date` filter's day, month and year specifiers: every language's SHORT_DATE_FORMAT uses
# only these (en m/d/Y, nl j-n-Y, de d.m.Y, fr and es d/m/Y).
_DATE_PARTS: dict[str, Callable[[datetime.date], str]] = {
    "d": lambda v: f"{v.day:02d}",
    "j": lambda v: str(v.day),
    "m": lambda v: f"{v.month:02d}",
    "n": lambda v: str(v.month),
    "Y": lambda v: f"{v.year:04d}",
    "y": lambda v: f"{v.year % 100:02d}",
}


@lru_cache(maxsize=32)
def date_formatter(fmt: str) -> Callable[[datetime.date], str] | None:
    """A function that writes a date as `django.utils.dateformat.format(value, fmt)` does,
    for a format of day, month and year numbers and punctuation; None for any other format.

    Django's formatter builds a `DateFormat` and splits the format on every call, a large part
    of a page's row writing (docs/performance.md). This splits it once per format.
    """
    pieces: list[str | Callable[[datetime.date], str]] = []
    escaped = False
    for char in fmt:
        if escaped:
            pieces.append(char)
            escaped = False
        elif char == "\\":
            escaped = True
        elif char in _DATE_PARTS:
            pieces.append(_DATE_PARTS[char])
        elif char.isalpha():
            return None  # a weekday, month name, time…: Django's formatter writes it
        else:
            pieces.append(char)
    if escaped:
        return None

    def write(value: datetime.date) -> str:
        return "".join(p if isinstance(p, str) else p(value) for p in pieces)

    return write


class Cells:
    """Markup shared by every row of one table, translated once per table, not per row."""

    def __init__(self) -> None:
        only_owner = esc(gettext("Only the owner sees this"))
        self.personal = (
            f'<span class="badge badge-personal" title="{only_owner}">'
            f"{esc(gettext('Personal'))}</span>"
        )
        self.inactive = f' <span class="badge badge-inactive">{esc(gettext("Inactive"))}</span>'
        self.timezone = timezone.get_current_timezone()
        self.short_date = date_formatter(formats.get_format("SHORT_DATE_FORMAT"))
        self._labels: dict[Field, dict[Any, str]] = {}

    def name_link(self, row, text: str, after: str = "") -> str:
        """The record's name as a link, `after` it (markup), then its Personal / Inactive
        badges."""
        badges = (self.personal if row.visibility == "personal" else "") + (
            "" if row.is_active else self.inactive
        )
        return f'<a href="{esc(row.get_absolute_url())}">{bdi(text)}</a>{after} {badges}'

    def email(self, address: str | None) -> str:
        if not address:
            return ""
        return f'<a href="mailto:{esc(address)}">{esc(address)}</a>'

    def badges(self, names: Iterable[str]) -> str:
        return "".join(f'<span class="badge">{bdi(name)}</span> ' for name in names)

    def date(self, value, empty: str = "") -> str:
        """A date or time as the `date:"SHORT_DATE_FORMAT"` filter shows it (office time)."""
        if not value:
            return empty
        if isinstance(value, datetime.datetime) and timezone.is_aware(value):
            value = value.astimezone(self.timezone)
        if self.short_date is None:
            return esc(formats.date_format(value, "SHORT_DATE_FORMAT"))
        return esc(self.short_date(value))

    def label(self, field: Field, value: Any) -> str:
        """What `get_FOO_display` shows for `value` of a choice `field` (the value itself when
        it has no label), escaped, from a {value: label} dict made once per table in the active
        language, as the timeline does (Django flattens the field's choices on every call)."""
        labels = self._labels.get(field)
        if labels is None:
            labels = self._labels[field] = {v: str(label) for v, label in field.flatchoices}
        return esc(labels.get(value, value))

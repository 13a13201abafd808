"""Table cells rendered in Python, for the rows of the big record lists.

A list page shows 25 to 100 rows of eight cells; through Django's template engine each row
costs ~90 µs of variable lookups and filters, more than the SQL that fetched the whole page.
The rows are therefore written here, with every value escaped by `esc` (what the template
engine's autoescape does); the page around them — headers, pager, filters — stays in templates.
"""

from __future__ import annotations

import datetime
import html
from collections.abc import Iterable

from django.utils import formats, timezone
from django.utils.translation import gettext

from estatedesk.contacts.phones import format_phone


def esc(value) -> str:
    """Escape like autoescape does (`&`, `<`, `>`, `"`, `'`); None is empty."""
    return "" if value is None else html.escape(str(value))


class Cells:
    """Markup shared by every row of one table, translated once per table, not per row."""

    def __init__(self) -> None:
        only_owner = esc(gettext("Only the owner sees this"))
        self.personal = (
            f'<span class="badge badge-personal" title="{only_owner}">'
            f"{esc(gettext('Personal'))}</span>"
        )
        self.inactive = f' <span class="badge badge-inactive">{esc(gettext("Inactive"))}</span>'

    def name_link(self, row, text: str, after: str = "") -> str:
        """The record's name as a link, `after` it (markup), then its Personal / Inactive
        badges."""
        badges = (self.personal if row.visibility == "personal" else "") + (
            "" if row.is_active else self.inactive
        )
        return f'<a href="{esc(row.get_absolute_url())}">{esc(text)}</a>{after} {badges}'

    def phone(self, number: str | None) -> str:
        if not number:
            return ""
        return f'<a href="tel:{esc(number)}">{esc(format_phone(number))}</a>'

    def email(self, address: str | None) -> str:
        if not address:
            return ""
        return f'<a href="mailto:{esc(address)}">{esc(address)}</a>'

    def badges(self, names: Iterable[str]) -> str:
        return "".join(f'<span class="badge">{esc(name)}</span> ' for name in names)

    def date(self, value, empty: str = "") -> str:
        """A date or time as the `date:"SHORT_DATE_FORMAT"` filter shows it (office time)."""
        if not value:
            return empty
        if isinstance(value, datetime.datetime) and timezone.is_aware(value):
            value = timezone.localtime(value)
        return esc(formats.date_format(value, "SHORT_DATE_FORMAT"))

"""The rows of the leads, contacts and relations lists (see `core.tables` for why in Python)."""

from __future__ import annotations

from django.utils.safestring import SafeString, mark_safe

from estatedesk.core.tables import Cells, esc

from .phones import format_phone


class ContactCells(Cells):
    """The shared cells, and a phone number as a `tel:` link, written as people read it."""

    def phone(self, number: str | None) -> str:
        if not number:
            return ""
        return f'<a href="tel:{esc(number)}">{esc(format_phone(number))}</a>'


def _td(*cells: str) -> str:
    return "<tr>" + "".join(f"<td>{cell}</td>" for cell in cells) + "</tr>\n"


def contact_rows(rows) -> SafeString:
    c = ContactCells()
    out = []
    for row in rows:
        name = row.last_name
        if row.first_name:
            name = f"{name}, {row.first_name}"
        if row.name_prefix:
            name = f"{name} {row.name_prefix}"
        out.append(
            _td(
                c.name_link(row, name),
                c.phone(row.primary_phone),
                c.email(row.primary_email),
                esc(row.city),
                esc(row.source_name) if row.source_id else "—",
                c.badges(row.my_categories),
                esc(row.owner_name),
                c.date(row.last_contacted_at, empty="—"),
            )
        )
    return mark_safe("".join(out))  # noqa: S308 — every value went through esc


def lead_rows(rows) -> SafeString:
    c = ContactCells()
    out = []
    for row in rows:
        company = ""
        if row.company and row.full_name:
            company = f' <small class="muted">{esc(row.company)}</small>'
        name = c.name_link(row, str(row), after=company)
        out.append(
            _td(
                name,
                esc(row.get_status_display()),
                c.phone(row.primary_phone),
                c.email(row.primary_email),
                esc(row.source_name) if row.source_id else "—",
                esc(row.score),
                c.badges(row.my_categories),
                esc(row.owner_name),
                c.date(row.created_at),
            )
        )
    return mark_safe("".join(out))  # noqa: S308 — every value went through esc


def relation_rows(rows) -> SafeString:
    c = ContactCells()
    out = []
    for row in rows:
        out.append(
            _td(
                c.name_link(row, row.name),
                esc(row.get_relation_type_display()),
                esc(", ".join(row.main_people)) if row.main_people else "—",
                c.phone(row.primary_phone),
                esc(row.city),
                esc(row.source_name) if row.source_id else "—",
                c.badges(row.my_categories),
                esc(row.owner_name),
            )
        )
    return mark_safe("".join(out))  # noqa: S308 — every value went through esc

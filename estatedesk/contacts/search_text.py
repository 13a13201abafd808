"""What record searches and lists read: the folded search text and sort name of each record."""

from __future__ import annotations

from estatedesk.core.text import fold

from .models import Contact, Lead, Relation
from .phones import search_digits


def build_search_text(record, phones: list[str], emails: list[str]) -> str:
    parts: list[str] = []
    if isinstance(record, Relation):
        parts += [record.name, record.legal_name, record.city]
    else:
        parts += [record.first_name, record.last_name]
        if isinstance(record, Contact):
            parts += [record.middle_name, record.name_prefix, record.nickname, record.employer]
        else:
            parts.append(record.company)
    parts += emails
    parts += [search_digits(p) for p in phones]
    return " ".join(fold(p) for p in parts if p)


def build_sort_name(record) -> str:
    """What lists sort by: folded “last first” for people, the name for companies."""
    if isinstance(record, Relation):
        name = record.name
    else:
        name = f"{record.last_name} {record.first_name}".strip()
        if not name and isinstance(record, Lead):
            name = record.company
    return fold(name)[:255]


def refresh_search_text(record, *, phones: list[str] | None = None,
                        emails: list[str] | None = None) -> None:  # fmt: skip
    """Recompute the search text and sort name (services call this after every change); a
    caller that knows the record's phone numbers and e-mail addresses may pass them."""
    if phones is None:
        phones = list(record.phones.values_list("number", flat=True))
    if emails is None:
        emails = list(record.emails.values_list("email", flat=True))
    record.search_text = build_search_text(record, phones, emails)
    record.sort_name = build_sort_name(record)
    type(record).objects.filter(pk=record.pk).update(
        search_text=record.search_text, sort_name=record.sort_name
    )

"""The tables of the leads, contacts and relations lists (see `core.tables` for why in Python)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from estatedesk.core.columns import Column, Table
from estatedesk.core.html import bdi, esc
from estatedesk.core.tables import Cells

from .models import Lead, Relation
from .phones import format_phone

LEAD_STATUS = Lead._meta.get_field("status")
RELATION_TYPE = Relation._meta.get_field("relation_type")


class ContactCells(Cells):
    """The shared cells, and a phone number as a `tel:` link, written as people read it."""

    def phone(self, number: str | None) -> str:
        if not number:
            return ""
        return f'<a href="tel:{esc(number)}">{esc(format_phone(number))}</a>'


def _source(row, c: Cells) -> str:
    return bdi(row.source_name) if row.source_id else "—"


def _categories(row, c: Cells) -> str:
    return c.badges(row.my_categories)


def _owner(row, c: Cells) -> str:
    return bdi(row.owner_name)


def _phone(row, c: ContactCells) -> str:
    return c.phone(row.primary_phone)


def _email(row, c: Cells) -> str:
    return c.email(row.primary_email)


def _contact_name(row, c: Cells) -> str:
    name = row.last_name
    if row.first_name:
        name = f"{name}, {row.first_name}"
    if row.name_prefix:
        name = f"{name} {row.name_prefix}"
    return c.name_link(row, name)


def _lead_name(row, c: Cells) -> str:
    company = ""
    if row.company and row.full_name:
        company = f' <small class="muted">{bdi(row.company)}</small>'
    return c.name_link(row, str(row), after=company)


class _ContactsTable(Table):
    """A table of leads, contacts or relations: their cells write phone numbers."""

    def cells(self, context) -> ContactCells:
        return ContactCells()


class ContactTable(_ContactsTable):
    html_id = "contacts-table"
    empty = _("No contacts match.")
    columns = (
        Column(_("Name"), _contact_name, sort_key="name"),
        Column(_("Phone"), _phone),
        Column(_("E-mail"), _email),
        Column(_("City"), lambda row, c: bdi(row.city), sort_key="city"),
        Column(_("Source"), _source, sort_key="source"),
        Column(_("My categories"), _categories),
        Column(_("Owner"), _owner, sort_key="owner"),
        Column(_("Last contacted"), lambda row, c: c.date(row.last_contacted_at, empty="—"),
               sort_key="last_contacted"),
    )  # fmt: skip


class LeadTable(_ContactsTable):
    html_id = "leads-table"
    empty = _("No leads match.")
    columns = (
        Column(_("Name"), _lead_name, sort_key="name"),
        Column(_("Status"), lambda row, c: c.label(LEAD_STATUS, row.status), sort_key="status"),
        Column(_("Phone"), _phone),
        Column(_("E-mail"), _email),
        Column(_("Source"), _source, sort_key="source"),
        Column(_("Score"), lambda row, c: esc(row.score), sort_key="score"),
        Column(_("My categories"), _categories),
        Column(_("Owner"), _owner, sort_key="owner"),
        Column(_("Created"), lambda row, c: c.date(row.created_at), sort_key="created"),
    )


class RelationTable(_ContactsTable):
    html_id = "relations-table"
    empty = _("No relations match.")
    columns = (
        Column(_("Company"), lambda row, c: c.name_link(row, row.name), sort_key="name"),
        Column(_("Type"), lambda row, c: c.label(RELATION_TYPE, row.relation_type),
               sort_key="type"),
        Column(_("Main contact"),
               lambda row, c: ", ".join(map(bdi, row.main_people)) if row.main_people else "—"),
        Column(_("Phone"), _phone),
        Column(_("City"), lambda row, c: bdi(row.city), sort_key="city"),
        Column(_("Source"), _source, sort_key="source"),
        Column(_("My categories"), _categories),
        Column(_("Owner"), _owner, sort_key="owner"),
    )  # fmt: skip

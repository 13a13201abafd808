"""The tables of the properties and projects lists (see `core.tables` for why in Python)."""

from __future__ import annotations

from django.template import Context, defaultfilters
from django.utils.translation import gettext_lazy as _

from estatedesk.core.columns import Column, MoneyCells, Table
from estatedesk.core.html import bdi, esc
from estatedesk.core.tables import Cells

from .models import Project, Property

PROPERTY_TYPE = Property._meta.get_field("property_type")
PROPERTY_STATUS = Property._meta.get_field("status")
LISTING_KIND = Property._meta.get_field("listing_kind")
PROJECT_PHASE = Project._meta.get_field("phase")


def _status(row, c: Cells) -> str:
    return (
        f"{c.label(PROPERTY_STATUS, row.status)} "
        f'<small class="muted">{c.label(LISTING_KIND, row.listing_kind)}</small>'
    )


def _number(value) -> str:
    """`|floatformat:"0"|default:"—"`."""
    return esc(defaultfilters.floatformat(value, "0")) or "—"


def _project(row, c: Cells) -> str:
    if not row.project:
        return ""
    return f'<a href="{esc(row.project.get_absolute_url())}">{bdi(row.project)}</a>'


class PropertyTable(Table):
    html_id = "properties-table"
    empty = _("No properties match.")
    columns = (
        Column(_("Reference"), lambda row, c: c.name_link(row, row.reference),
               sort_key="reference"),
        Column(_("Address"), lambda row, c: bdi(row.address_line) if row.address_line else "—"),
        Column(_("Type"), lambda row, c: c.label(PROPERTY_TYPE, row.property_type)),
        Column(_("Status"), _status),
        Column(_("Price"), lambda row, c: c.money(row.asking_price), sort_key="price",
               css_class="num"),
        Column(_("Area (m²)"), lambda row, c: _number(row.living_area), sort_key="area",
               css_class="num"),
        Column(_("Bedrooms"), lambda row, c: "—" if row.bedrooms is None else esc(row.bedrooms),
               css_class="num"),
        Column(_("Project"), _project),
        Column(_("Listing agent"), lambda row, c: bdi(row.owner)),
        Column(_("Updated"), lambda row, c: c.date(row.updated_at), sort_key="updated"),
    )  # fmt: skip

    def cells(self, context: Context) -> MoneyCells:
        return MoneyCells(context["request"].user.office.currency)


class ProjectTable(Table):
    html_id = "projects-table"
    empty = _("No projects match.")
    columns = (
        Column(_("Name"), lambda row, c: c.name_link(row, row.name), sort_key="name"),
        Column(_("Developer"),
               lambda row, c: bdi(row.developer.name) if row.developer else "—"),
        Column(_("Phase"), lambda row, c: c.label(PROJECT_PHASE, row.phase), sort_key="phase"),
        Column(_("Delivery"), lambda row, c: c.date(row.delivery_date, empty="—"),
               sort_key="delivery"),
        Column(_("City"), lambda row, c: bdi(row.city)),
        Column(_("Owner"), lambda row, c: bdi(row.owner)),
    )  # fmt: skip

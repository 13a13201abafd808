"""The tables of the properties and projects lists (see `core.tables` for why in Python)."""

from __future__ import annotations

from django.template import Context, defaultfilters
from django.utils.translation import gettext_lazy as _

from estatedesk.core.columns import Column, MoneyCells, Table
from estatedesk.core.html import esc
from estatedesk.core.tables import Cells


def _status(row, c: Cells) -> str:
    return (
        f"{esc(row.get_status_display())} "
        f'<small class="muted">{esc(row.get_listing_kind_display())}</small>'
    )


def _number(value) -> str:
    """`|floatformat:"0"|default:"—"`."""
    return esc(defaultfilters.floatformat(value, "0")) or "—"


def _project(row, c: Cells) -> str:
    if not row.project:
        return ""
    return f'<a href="{esc(row.project.get_absolute_url())}">{esc(row.project)}</a>'


class PropertyTable(Table):
    html_id = "properties-table"
    empty = _("No properties match.")
    columns = (
        Column(_("Reference"), lambda row, c: c.name_link(row, row.reference),
               sort_key="reference"),
        Column(_("Address"), lambda row, c: esc(row.address_line) or "—"),
        Column(_("Type"), lambda row, c: esc(row.get_property_type_display())),
        Column(_("Status"), _status),
        Column(_("Price"), lambda row, c: c.money(row.asking_price), sort_key="price",
               css_class="num"),
        Column(_("Area (m²)"), lambda row, c: _number(row.living_area), sort_key="area",
               css_class="num"),
        Column(_("Bedrooms"), lambda row, c: "—" if row.bedrooms is None else esc(row.bedrooms),
               css_class="num"),
        Column(_("Project"), _project),
        Column(_("Listing agent"), lambda row, c: esc(row.owner)),
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
               lambda row, c: esc(row.developer.name if row.developer else "") or "—"),
        Column(_("Phase"), lambda row, c: esc(row.get_phase_display()), sort_key="phase"),
        Column(_("Delivery"), lambda row, c: c.date(row.delivery_date, empty="—"),
               sort_key="delivery"),
        Column(_("City"), lambda row, c: esc(row.city)),
        Column(_("Owner"), lambda row, c: esc(row.owner)),
    )  # fmt: skip

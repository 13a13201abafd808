"""The table of the deals list (see `core.tables` for why in Python)."""

from __future__ import annotations

from django.template import Context
from django.utils.translation import gettext_lazy as _

from estatedesk.core.columns import Column, MoneyCells, Table
from estatedesk.core.html import bdi, esc
from estatedesk.core.tables import Cells

from .models import Deal

DEAL_KIND = Deal._meta.get_field("kind")


def _title(row, c: Cells) -> str:
    kind = f' <span class="muted">{c.label(DEAL_KIND, row.kind)}</span>'
    return c.name_link(row, row.title, after=kind)


def _people(people) -> str:
    return ", ".join(bdi(who) for who in people) or "—"


class DealTable(Table):
    html_id = "deals-table"
    empty = _("No deals match.")
    columns = (
        Column(_("Title"), _title, sort_key="title"),
        Column(_("Stage"), lambda row, c: (
            f'<span class="badge stage-{esc(row.status)}">{bdi(row.stage.name)}</span>'
        ), sort_key="stage"),
        Column(_("Value"), lambda row, c: c.money(row.value), sort_key="value"),
        Column(_("Property"), lambda row, c: bdi(row.property) if row.property else "—"),
        Column(_("Buyer / tenant"), lambda row, c: _people(row.buyer_side)),
        Column(_("Seller / landlord"), lambda row, c: _people(row.seller_side)),
        Column(_("Expected close"), lambda row, c: c.date(row.expected_close_date, empty="—"),
               sort_key="close"),
        Column(_("Agent"), lambda row, c: bdi(row.owner), sort_key="owner"),
    )  # fmt: skip

    def cells(self, context: Context) -> MoneyCells:
        return MoneyCells(context["request"].user.office.currency)

    def row_start(self, row) -> str:
        return f'<tr id="deal-row-{int(row.pk)}">'

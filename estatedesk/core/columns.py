"""A list's columns, each declared once (header, sort key, cell), and its table written from them.

The big lists' rows are written in Python (`core.tables` says why); their header cells, the
sort links and the empty list's `colspan` come from the same declaration, so that the three
cannot drift apart. A table is one string built per page — no template per row or per cell.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from django.template import Context
from django.utils.safestring import SafeString, mark_safe

from .html import esc, sort_link
from .tables import Cells
from .templatetags.estatedesk import money

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# A cell's markup from its row and what every row of one table shares (a `Cells`): escaped.
CellWriter = Callable[[Any, Any], str]


@dataclass(frozen=True)
class Column:
    """One column of a list: its header (translatable), how a row's cell is written, the
    `ordering` value that sorts by it ("": not sortable) and its cells' class ("num")."""

    header: StrOrPromise
    cell: CellWriter
    sort_key: str = ""
    css_class: str = ""


class MoneyCells(Cells):
    """The shared cells, and amounts in the office's currency as `|money:currency` shows them."""

    def __init__(self, currency: str) -> None:
        super().__init__()
        self.currency = currency

    def money(self, value: Any) -> str:
        return esc(money(value, self.currency)) or "—"


class Table:
    """A list's table: its `columns` in order, its element id, and what an empty list says.

    `render` writes `<table>` with its head and body; a subclass declares the columns and may
    give the rows more to share (`cells`) or their `<tr>` attributes (`row_start`).
    """

    html_id: ClassVar[str] = ""
    empty: ClassVar[StrOrPromise] = ""  # "No … match.", translatable
    columns: ClassVar[Sequence[Column]] = ()

    def cells(self, context: Context) -> Any:
        """What every row of one table shares, made once per rendered table."""
        return Cells()

    def row_start(self, row: Any) -> str:
        return "<tr>"

    def head(self, *, ordering: str, query: str) -> str:
        """Each column's `<th>`: its header, as a sort link where the column sorts."""
        out = []
        for column in self.columns:
            label: str
            if column.sort_key:
                label = sort_link(column.header, column.sort_key, ordering=ordering, query=query)
            else:
                label = esc(column.header)
            out.append(f"\n    <th>{label}</th>")
        return "".join(out)

    def rows(self, rows: Sequence[Any], cells: Any) -> str:
        """Each row's `<tr>`, a line each; every value is escaped by the cell writers."""
        writers = [
            (f'<td class="{esc(column.css_class)}">' if column.css_class else "<td>", column.cell)
            for column in self.columns
        ]
        return "".join(
            self.row_start(row)
            + "".join(f"{td}{write(row, cells)}</td>" for td, write in writers)
            + "</tr>\n"
            for row in rows
        )

    def render(self, context: Context) -> SafeString:
        """The whole `<table>` of the list page's `rows` (the context a list view gives)."""
        rows = context.get("rows")
        head = self.head(
            ordering=context.get("ordering") or "",
            query=context.get("query_without_ordering") or "",
        )
        if rows:
            body = self.rows(rows, self.cells(context))
        else:
            body = f'\n    <tr><td colspan="{len(self.columns)}">{esc(self.empty)}</td></tr>\n  '
        return mark_safe(  # noqa: S308 — every value went through esc
            f'<table class="records striped" id="{esc(self.html_id)}">\n'
            f"  <thead><tr>{head}\n  </tr></thead>\n"
            f"  <tbody>\n  {body}\n  </tbody>\n</table>"
        )

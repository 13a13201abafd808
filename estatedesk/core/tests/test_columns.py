"""core.columns: a table's head, rows and empty row all come from its column declaration."""

from types import SimpleNamespace

from django.template import Context, Template

from estatedesk.core.columns import Column, Table
from estatedesk.core.html import esc, sort_link
from estatedesk.core.testing.lists import table_shape

EVIL = "<b>\"x\" & 'y'</b>"


class FruitTable(Table):
    html_id = "fruit-table"
    empty = "No fruit <here>."
    columns = (
        Column("Name", lambda row, c: esc(row.name), sort_key="name"),
        Column("Weight & size", lambda row, c: esc(row.grams), css_class="num"),
        Column(EVIL, lambda row, c: "—"),
    )

    def row_start(self, row) -> str:
        return f'<tr id="fruit-{row.pk}">'


def render(rows, **context) -> str:
    return str(FruitTable().render(Context({"rows": rows, **context})))


def test_the_head_rows_and_empty_row_follow_the_columns():
    rows = [SimpleNamespace(pk=1, name=EVIL, grams=120), SimpleNamespace(pk=2, name="Fig", grams=0)]
    html = render(rows, ordering="-name", query_without_ordering="q=a%26b")
    shape = table_shape(html)
    assert shape.headers == 3
    assert shape.row_cells == [3, 3]
    assert shape.sort_keys == ["name"]
    assert '<table class="records striped" id="fruit-table">' in html
    assert '<tr id="fruit-1"><td>' in html
    assert f"<td>{esc(EVIL)}</td>" in html
    assert '<td class="num">0</td>' in html
    assert f"<th>{esc(EVIL)}</th>" in html
    assert "<th>Weight &amp; size</th>" in html

    empty = render([])
    assert table_shape(empty).colspan == 3
    assert '<td colspan="3">No fruit &lt;here&gt;.</td>' in empty


def test_a_sortable_header_is_the_sort_header_tags_link():
    context = {"ordering": "name", "query_without_ordering": "q=%3Cb%3E&owner=2"}
    tag = Template('{% load estatedesk %}{% sort_header "Name" "name" %}').render(Context(context))
    html = render([], **context)
    assert f"<th>{tag}</th>" in html
    query = context["query_without_ordering"]
    assert tag == sort_link("Name", "name", ordering="name", query=query)
    assert tag == (
        '<a href="?q=%3Cb%3E&amp;owner=2&amp;ordering=-name" '
        'hx-get="?q=%3Cb%3E&amp;owner=2&amp;ordering=-name" hx-target="#record-table" '
        'hx-push-url="true">Name ▲</a>'
    )

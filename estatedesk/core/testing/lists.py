"""Checks every list page's tests run: its table's shape, its sort links, its filter widgets."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any, cast

from django.http import QueryDict
from django.test import Client, RequestFactory
from django.urls import resolve, reverse

from estatedesk.core.html import widget_html


@dataclass
class TableShape:
    """What a list's `<table class="records">` holds: header cells, the sort keys of their
    links, the cell count of each body row, and the empty row's colspan (None with rows)."""

    headers: int = 0
    sort_keys: list[str] = field(default_factory=list)
    row_cells: list[int] = field(default_factory=list)
    colspan: int | None = None


class _TableParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.shape = TableShape()
        self.tables = 0
        self.section = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "table" and "records" in (values.get("class") or "").split():
            self.tables += 1
        elif tag in ("thead", "tbody"):
            self.section = tag
        elif tag == "th" and self.section == "thead":
            self.shape.headers += 1
        elif tag == "a" and self.section == "thead":
            ordering = QueryDict((values.get("hx-get") or "?").lstrip("?")).get("ordering", "")
            self.shape.sort_keys.append(ordering.lstrip("-"))
        elif tag == "tr" and self.section == "tbody":
            self.shape.row_cells.append(0)
        elif tag == "td" and self.section == "tbody":
            self.shape.row_cells[-1] += 1
            if "colspan" in values:
                self.shape.colspan = int(values["colspan"] or 0)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("thead", "tbody"):
            self.section = ""


def table_shape(html: str) -> TableShape:
    """The shape of the one list table in a page (or its htmx fragment)."""
    parser = _TableParser()
    parser.feed(html)
    assert parser.tables == 1, f"{parser.tables} list tables in the page"
    return parser.shape


def assert_list_table_is_whole(client: Client, url_name: str, *, rows: bool) -> TableShape:
    """The list's head, each row and the empty row's colspan have as many cells; with `rows`
    the list must show some, without it none (a search that finds nothing)."""
    query = {} if rows else {"q": "no such thing anywhere"}
    fragment = {"HX-Request": "true", "HX-Target": "record-table"}
    response = client.get(reverse(url_name), query, headers=fragment)
    assert response.status_code == 200
    shape = table_shape(response.content.decode())
    assert shape.headers > 0
    if rows:
        assert shape.row_cells, f"{url_name} shows no rows"
        assert set(shape.row_cells) == {shape.headers}, (url_name, shape)
        assert shape.colspan is None
    else:
        assert shape.row_cells == [1], (url_name, shape)
        assert shape.colspan == shape.headers, (url_name, shape)
    return shape


def ordering_params(url_name: str, user) -> set[str]:
    """The `ordering` values the list's FilterSet accepts."""
    filterset = _filterset(url_name, user, "")
    return {value.lstrip("-") for value, _label in filterset.filters["ordering"].extra["choices"]}


def assert_sort_links_sort(client: Client, user, url_name: str) -> None:
    """Every sort link in the list's head asks for an ordering its FilterSet knows."""
    shape = assert_list_table_is_whole(client, url_name, rows=False)
    assert shape.sort_keys
    assert set(shape.sort_keys) <= ordering_params(url_name, user), url_name


def _filterset(url_name: str, user, query: str):
    request = RequestFactory().get("/", QueryDict(query))
    request.user = user
    # as_view() puts the class on the function it makes.
    view = cast(Any, resolve(reverse(url_name)).func).view_class
    queryset = view.model.objects.visible_to(user)
    return view.filterset_class(request.GET, queryset, request=request)


def assert_filter_widgets_are_djangos(user, url_name: str, query: str = "") -> None:
    """The list's filter widgets, written by `core.html.widget_html`, are Django's markup."""
    form = _filterset(url_name, user, query).form
    form.is_valid()
    for bound in form:
        assert str(widget_html(bound)) == str(bound), (url_name, bound.name)


# A query that makes several lists' filters invalid: errors show on the widgets too.
INVALID_FILTERS = "q=%22%3E%3Cb%3E&owner=abc&category=0&active=maybe&source=x&status=nonsense"

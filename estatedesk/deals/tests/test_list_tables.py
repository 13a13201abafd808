"""The deals table: one column declaration gives head, cells and colspan."""

import pytest

from estatedesk.core.testing.lists import (
    INVALID_FILTERS,
    assert_filter_widgets_are_djangos,
    assert_list_table_is_whole,
    assert_sort_links_sort,
)
from estatedesk.deals.tests.factories import DealFactory, make_property

pytestmark = pytest.mark.django_db

DEALS = "deals:deal_list"


@pytest.mark.parametrize("rows", [True, False], ids=["rows", "empty"])
def test_head_rows_and_colspan_have_as_many_cells(as_alice, alice, rows):
    DealFactory(owner=alice, property=make_property(alice), value=250_000)
    DealFactory(owner=alice)
    assert_list_table_is_whole(as_alice, DEALS, rows=rows)


def test_every_sort_link_sorts_by_what_the_list_offers(as_alice, alice):
    assert_sort_links_sort(as_alice, alice, DEALS)


@pytest.mark.parametrize("query", ["", INVALID_FILTERS + "&stage=x"], ids=["valid", "invalid"])
def test_filter_widgets_are_written_as_django_writes_them(alice, query):
    assert_filter_widgets_are_djangos(alice, DEALS, query)

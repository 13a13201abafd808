"""The leads, contacts and relations tables: one column declaration gives head, cells, colspan."""

import pytest

from estatedesk.classification.tests.factories import CategoryFactory
from estatedesk.contacts.tests.factories import ContactFactory, LeadFactory, RelationFactory
from estatedesk.core.testing.lists import (
    INVALID_FILTERS,
    assert_filter_widgets_are_djangos,
    assert_list_table_is_whole,
    assert_sort_links_sort,
)

pytestmark = pytest.mark.django_db

LISTS = ["contacts:lead_list", "contacts:contact_list", "contacts:relation_list"]


@pytest.fixture
def records(alice):
    category = CategoryFactory(owner=alice, name="Buyers")
    common = {"owner": alice, "categories": [category], "phones": ["+31612345678"],
              "emails": ["ann@example.com"]}  # fmt: skip
    LeadFactory(company="Acme", **common)
    ContactFactory(**common)
    RelationFactory(name="Acme", **common)


@pytest.mark.parametrize("url_name", LISTS)
@pytest.mark.parametrize("rows", [True, False], ids=["rows", "empty"])
def test_head_rows_and_colspan_have_as_many_cells(as_alice, records, url_name, rows):
    assert_list_table_is_whole(as_alice, url_name, rows=rows)


@pytest.mark.parametrize("url_name", LISTS)
def test_every_sort_link_sorts_by_what_the_list_offers(as_alice, alice, url_name):
    assert_sort_links_sort(as_alice, alice, url_name)


@pytest.mark.parametrize("url_name", LISTS)
@pytest.mark.parametrize("query", ["", INVALID_FILTERS], ids=["valid", "invalid"])
def test_filter_widgets_are_written_as_django_writes_them(alice, url_name, query):
    CategoryFactory(owner=alice, name='<b>"Hot" & cold</b>')
    assert_filter_widgets_are_djangos(alice, url_name, query)

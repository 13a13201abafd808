"""The properties and projects tables: one column declaration gives head, cells, colspan."""

import pytest

from estatedesk.core.testing.lists import (
    INVALID_FILTERS,
    assert_filter_widgets_are_djangos,
    assert_list_table_is_whole,
    assert_sort_links_sort,
)
from estatedesk.properties.tests.factories import ProjectFactory, PropertyFactory

pytestmark = pytest.mark.django_db

LISTS = ["properties:property_list", "properties:project_list"]


@pytest.mark.parametrize("url_name", LISTS)
@pytest.mark.parametrize("rows", [True, False], ids=["rows", "empty"])
def test_head_rows_and_colspan_have_as_many_cells(as_alice, alice, url_name, rows):
    project = ProjectFactory(owner=alice)
    PropertyFactory(owner=alice, project=project, asking_price=350_000, living_area=85)
    PropertyFactory(owner=alice)
    assert_list_table_is_whole(as_alice, url_name, rows=rows)


@pytest.mark.parametrize("url_name", LISTS)
def test_every_sort_link_sorts_by_what_the_list_offers(as_alice, alice, url_name):
    assert_sort_links_sort(as_alice, alice, url_name)


@pytest.mark.parametrize("url_name", LISTS)
@pytest.mark.parametrize("query", ["", INVALID_FILTERS], ids=["valid", "invalid"])
def test_filter_widgets_are_written_as_django_writes_them(alice, url_name, query):
    ProjectFactory(owner=alice)
    assert_filter_widgets_are_djangos(alice, url_name, query)

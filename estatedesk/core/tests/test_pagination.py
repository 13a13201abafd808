"""A list page holds the right rows in the list's order, loaded in one query."""

import pytest
from django.db import connection
from django.db.models import F, Value
from django.db.models.functions import Concat

from estatedesk.contacts.models import Contact
from estatedesk.contacts.tests.factories import ContactFactory
from estatedesk.core.pagination import paginate

pytestmark = pytest.mark.django_db

# A database server gets the page's ids as a subquery of the row query (one round trip);
# SQLite, in-process, fetches the ids first (see `core.pagination._page_rows`).
PAGE_QUERIES = 2 if connection.vendor == "sqlite" else 1


@pytest.fixture
def contacts(alice):
    # Names in reverse of creation order, so that the id order is not the sort order.
    return [ContactFactory(owner=alice, last_name=f"Name {99 - i:02d}") for i in range(12)]


def by_name(alice):
    return Contact.objects.visible_to(alice).order_by("last_name", "pk")


def names(page) -> list[str]:
    return [row.last_name for row in page.object_list]


def test_each_page_holds_its_rows_in_the_lists_order(alice, contacts):
    expected = sorted(c.last_name for c in contacts)
    pages = [paginate(by_name(alice), n, 5, count=False) for n in (1, 2, 3)]
    assert [names(p) for p in pages] == [expected[:5], expected[5:10], expected[10:]]
    assert [p.has_next for p in pages] == [True, True, False]


def test_a_descending_sort_is_kept_when_the_rows_are_loaded(alice, contacts):
    rows = Contact.objects.visible_to(alice).order_by("-last_name", "-pk")
    page = paginate(rows, 1, 4, count=False)
    assert names(page) == sorted((c.last_name for c in contacts), reverse=True)[:4]


def test_a_page_exactly_full_has_no_next_page(alice, contacts):
    page = paginate(by_name(alice), 3, 4, count=False)
    assert len(page.object_list) == 4
    assert not page.has_next


def test_a_page_of_rows_is_one_round_trip_on_a_server(alice, contacts, django_assert_num_queries):
    with django_assert_num_queries(PAGE_QUERIES):
        page = paginate(by_name(alice), 2, 5, count=False)
        assert len(page.object_list) == 5


def test_what_the_loader_adds_comes_with_the_rows(alice, contacts, django_assert_num_queries):
    def load(rows):
        return rows.annotate(label=Concat(Value("#"), F("last_name")))

    with django_assert_num_queries(PAGE_QUERIES):
        page = paginate(by_name(alice), 1, 3, count=False, load=load)
        assert [row.label for row in page.object_list] == [f"#{n}" for n in names(page)]


def test_a_page_past_the_end_shows_the_last_page(alice, contacts):
    page = paginate(by_name(alice), 9, 5, count=False)
    assert page.number == 3
    assert names(page) == sorted(c.last_name for c in contacts)[10:]


def test_a_row_repeated_by_a_filters_join_shows_once(alice, contacts):
    from estatedesk.classification.tests.factories import CategoryFactory

    first, second = CategoryFactory(owner=alice), CategoryFactory(owner=alice)
    for contact in contacts[:3]:
        for category in (first, second):
            contact.category_links.create(office=contact.office, category=category)
    rows = by_name(alice).filter(category_links__category__in=[first, second])
    page = paginate(rows, 1, 25, count=False)
    assert sorted(names(page)) == sorted(c.last_name for c in contacts[:3])

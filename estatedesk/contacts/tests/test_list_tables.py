"""The leads, contacts and relations tables: one column declaration gives head, cells and
colspan; their choice labels come from one dict per table, in the page's language."""

import pytest
from django.db.models.fields import Field
from django.urls import reverse
from django.utils.functional import lazy
from django.utils.translation import get_language

from estatedesk.classification.tests.factories import CategoryFactory
from estatedesk.contacts.tables import LEAD_STATUS
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


def test_the_statuses_are_shown_in_the_language_of_the_page(as_alice, alice, monkeypatch):
    # No translations ship yet: a lazy label that says the active language shows which
    # language the table's labels were made in.
    monkeypatch.setattr(LEAD_STATUS, "choices", [("qualified", lazy(get_language, str)())])
    LeadFactory(owner=alice, status="qualified")
    for language in ("de", "en"):
        as_alice.cookies["django_language"] = language
        html = as_alice.get(reverse("contacts:lead_list")).content.decode()
        assert f"<td>{language}</td>" in html


def test_the_leads_table_makes_its_status_labels_once(as_alice, alice, monkeypatch):
    for status in ["prospect", "won", "qualified"] * 10:
        LeadFactory(owner=alice, status=status)
    as_alice.get(reverse("contacts:lead_list"))  # the filter form class is built and cached
    reads = []
    flatchoices = Field.flatchoices

    def counting(self):
        reads.append(self)
        return flatchoices.fget(self)

    monkeypatch.setattr(Field, "flatchoices", property(counting))
    html = as_alice.get(reverse("contacts:lead_list"), {"per_page": 100}).content.decode()
    assert html.count("<td>Won</td>") == 10
    assert reads.count(LEAD_STATUS) == 1


@pytest.mark.parametrize("kind", ["lead", "relation"])
def test_an_unknown_choice_shows_as_it_is(as_alice, alice, kind):
    if kind == "lead":
        LeadFactory(owner=alice, status="<b>old</b>")
    else:
        RelationFactory(owner=alice, name="Acme", relation_type="<b>old</b>")
    html = as_alice.get(reverse(f"contacts:{kind}_list")).content.decode()
    assert "<td>&lt;b&gt;old&lt;/b&gt;</td>" in html

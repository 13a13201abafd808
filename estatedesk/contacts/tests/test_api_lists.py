"""Lists run the web list's FilterSet (filters, search, ordering); a bad value is a 400."""

import pytest

from estatedesk.classification.models import LeadSource
from estatedesk.classification.tests.factories import CategoryFactory
from estatedesk.contacts.tests.factories import ContactFactory, LeadFactory
from estatedesk.core.testing.api import result_ids


def test_filter_by_category_including_subcategories(alice, alice_api):
    parent = CategoryFactory(owner=alice, name="Buyers")
    child = CategoryFactory(owner=alice, name="Cash buyers", parent=parent)
    in_child = ContactFactory(owner=alice, categories=[child])
    ContactFactory(owner=alice)

    assert result_ids(alice_api.get(f"/api/contacts/?category={parent.pk}")) == {in_child.pk}


def test_filter_by_source_and_active_and_city(alice, alice_api):
    website = LeadSource.objects.get(office=alice.office, name="Website")
    match = ContactFactory(owner=alice, source=website, city="Delft")
    ContactFactory(owner=alice, source=website, city="Delft", is_active=False)
    ContactFactory(owner=alice, city="Delft")

    url = f"/api/contacts/?source={website.pk}&active=true&city=delft"
    assert result_ids(alice_api.get(url)) == {match.pk}


def test_search_with_q(alice, alice_api):
    anna = ContactFactory(owner=alice, first_name="Anna", last_name="Bökenkamp",
                          emails=["anna@example.org"], phones=["+31612345678"])  # fmt: skip
    ContactFactory(owner=alice, first_name="Piet", last_name="Jansen")

    assert result_ids(alice_api.get("/api/contacts/?q=bokenkamp")) == {anna.pk}
    assert result_ids(alice_api.get("/api/contacts/?q=anna@example.org")) == {anna.pk}
    assert result_ids(alice_api.get("/api/contacts/?q=0612345678")) == {anna.pk}


def test_lead_status_filter(alice, alice_api):
    qualified = LeadFactory(owner=alice, status="qualified")
    LeadFactory(owner=alice, status="prospect")

    assert result_ids(alice_api.get("/api/leads/?status=qualified")) == {qualified.pk}


@pytest.mark.parametrize(
    ("url", "field"),
    [
        ("/api/contacts/?ordering=shoe_size", "ordering"),
        ("/api/leads/?status=maybe", "status"),
        ("/api/contacts/?source=999999", "source"),
        ("/api/contacts/?source=abc", "source"),
        ("/api/contacts/?source=14911527078576582656", "source"),
        ("/api/contacts/?owner=99999999999999999999", "owner"),
        ("/api/contacts/?owner=abc", "owner"),
        ("/api/contacts/?active=perhaps", "active"),
        ("/api/contacts/?category=999999", "category"),
        ("/api/contacts/?not_contacted_days=-3", "not_contacted_days"),
        ("/api/relations/?relation_type=spaceship", "relation_type"),
        ("/api/contacts/?page_size=zero", "page_size"),
        ("/api/contacts/?page_size=0", "page_size"),
        ("/api/contacts/?cursor=garbage", "cursor"),
    ],
)
def test_bad_filter_values_are_400_naming_the_parameter(alice_api, url, field):
    response = alice_api.get(url)

    assert response.status_code == 400
    assert field in response.json()


def test_another_users_category_is_a_bad_filter_value(alice, bob_api):
    alices = CategoryFactory(owner=alice)
    response = bob_api.get(f"/api/contacts/?category={alices.pk}")
    assert response.status_code == 400
    assert "category" in response.json()


def test_unknown_parameters_are_ignored(alice, alice_api):
    contact = ContactFactory(owner=alice)
    assert result_ids(alice_api.get("/api/contacts/?colour=blue")) == {contact.pk}

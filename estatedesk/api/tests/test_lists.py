"""Lists run the web list's FilterSet (filters, search, ordering) and page with a cursor."""

from datetime import timedelta

import pytest
from django.utils import timezone

from estatedesk.classification.models import LeadSource
from estatedesk.classification.tests.factories import CategoryFactory
from estatedesk.contacts.models import Contact
from estatedesk.contacts.tests.factories import ContactFactory, LeadFactory

from .helpers import result_ids


def walk(client, url: str) -> list[int]:
    """Every id of a list, page by page along the `next` links."""
    ids: list[int] = []
    while url:
        response = client.get(url)
        assert response.status_code == 200, response.json()
        ids += [row["id"] for row in response.json()["results"]]
        url = response.json()["next"]
    return ids


def walk_back(client, url: str) -> list[int]:
    """From the last page back to the first along the `previous` links."""
    while (response := client.get(url).json())["next"]:
        url = response["next"]
    pages = []
    while url:
        response = client.get(url).json()
        pages.append([row["id"] for row in response["results"]])
        url = response["previous"]
    return [pk for page in reversed(pages) for pk in page]


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


def test_page_size_is_capped(alice, alice_api):
    Contact.objects.bulk_create(
        Contact(office=alice.office, owner=alice, last_name=f"P{i:03}", sort_name=f"p{i:03}")
        for i in range(105)
    )

    default = alice_api.get("/api/contacts/").json()
    big = alice_api.get("/api/contacts/?page_size=1000").json()

    assert len(default["results"]) == 25
    assert len(big["results"]) == 100
    assert big["next"] is not None


@pytest.mark.parametrize(
    "ordering", ["", "name", "-name", "city", "-created", "last_contacted", "-last_contacted",
                 "source", "-source", "owner"],
)  # fmt: skip
def test_cursor_walks_every_row_once_in_order(alice, bob, alice_api, ordering):
    website = LeadSource.objects.get(office=alice.office, name="Website")
    now = timezone.now()
    for i in range(13):
        ContactFactory(
            owner=alice if i % 2 else bob,
            last_name=["Smit", "de Boer", "Bakker"][i % 3],  # repeated names: ties
            city=["Delft", "Utrecht"][i % 2],
            source=website if i % 3 else None,  # empty values in the sort column
            last_contacted_at=now - timedelta(days=i) if i % 4 else None,
        )
    url = f"/api/contacts/?page_size=4&ordering={ordering}"

    forward = walk(alice_api, url)
    backward = walk_back(alice_api, url)
    everything = [row["id"] for row in alice_api.get(f"{url}&page_size=100").json()["results"]]

    assert len(forward) == 13
    assert forward == everything
    assert backward == everything


def test_cursor_stays_put_when_rows_are_added(alice, alice_api):
    for name in ["Adams", "Baker", "Clark", "Davis"]:
        ContactFactory(owner=alice, last_name=name, first_name="")
    first = alice_api.get("/api/contacts/?ordering=name&page_size=2").json()
    ContactFactory(owner=alice, last_name="Aaron", first_name="")  # sorts before the cursor

    second = alice_api.get(first["next"]).json()

    assert [r["last_name"] for r in second["results"]] == ["Clark", "Davis"]


def test_a_cursor_from_another_ordering_is_refused(alice, alice_api):
    for name in ["Adams", "Baker", "Clark"]:
        ContactFactory(owner=alice, last_name=name)
    cursor = alice_api.get("/api/contacts/?ordering=name&page_size=1").json()["next"]
    cursor = cursor.split("cursor=")[1].split("&")[0]

    response = alice_api.get(f"/api/contacts/?ordering=-created&cursor={cursor}")

    assert response.status_code == 400
    assert "cursor" in response.json()

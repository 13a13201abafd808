"""Lists page with a cursor in the order the FilterSet chose: every row once, stable under
inserts, and a page size capped at 100 (shown on contacts; every paged list works alike)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from estatedesk.classification.models import LeadSource
from estatedesk.contacts.models import Contact
from estatedesk.contacts.tests.factories import ContactFactory


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

"""Through the leads, contacts and relations endpoints, a colleague's personal records and another
office's records do not exist: list leaves them out; retrieve, update, delete and actions answer
404 and change nothing."""

import pytest

from estatedesk.classification.tests.factories import CategoryFactory
from estatedesk.contacts.models import Contact, Lead, Relation
from estatedesk.contacts.tests.factories import ContactFactory, LeadFactory, RelationFactory
from estatedesk.core.choices import Visibility
from estatedesk.core.testing.api import result_ids

RECORDS = {
    "leads": (LeadFactory, Lead, {"first_name": "Changed"}),
    "contacts": (ContactFactory, Contact, {"first_name": "Changed"}),
    "relations": (RelationFactory, Relation, {"name": "Changed"}),
}


def assert_unreachable(client, resource, record, model, change):
    url = f"/api/{resource}/{record.pk}/"
    assert record.pk not in result_ids(client.get(f"/api/{resource}/"))
    assert client.get(url).status_code == 404
    assert client.patch(url, change, format="json").status_code == 404
    assert client.put(url, change, format="json").status_code == 404
    assert client.delete(url).status_code == 404
    assert model.objects.filter(pk=record.pk).exists()
    field = next(iter(change))
    assert getattr(model.objects.get(pk=record.pk), field) != "Changed"


@pytest.mark.parametrize("resource", RECORDS)
def test_colleague_cannot_reach_personal_record(resource, alice, bob_api):
    factory, model, change = RECORDS[resource]
    record = factory(owner=alice, visibility=Visibility.PERSONAL)

    assert_unreachable(bob_api, resource, record, model, change)


@pytest.mark.parametrize("resource", RECORDS)
@pytest.mark.parametrize("visibility", [Visibility.OFFICE, Visibility.PERSONAL])
def test_other_office_cannot_reach_any_record(resource, visibility, alice, carol_api):
    factory, model, change = RECORDS[resource]
    record = factory(owner=alice, visibility=visibility)

    assert_unreachable(carol_api, resource, record, model, change)


@pytest.mark.parametrize("resource", RECORDS)
def test_colleague_sees_and_edits_office_record_but_cannot_delete(resource, alice, bob_api):
    factory, model, change = RECORDS[resource]
    record = factory(owner=alice, visibility=Visibility.OFFICE)
    url = f"/api/{resource}/{record.pk}/"

    assert record.pk in result_ids(bob_api.get(f"/api/{resource}/"))
    assert bob_api.get(url).status_code == 200
    assert bob_api.patch(url, change, format="json").status_code == 200
    assert bob_api.delete(url).status_code == 403
    assert model.objects.filter(pk=record.pk).exists()


@pytest.mark.parametrize("resource", RECORDS)
def test_owner_deletes_own_record(resource, alice, alice_api):
    factory, model, _change = RECORDS[resource]
    record = factory(owner=alice, visibility=Visibility.PERSONAL)

    assert alice_api.delete(f"/api/{resource}/{record.pk}/").status_code == 204
    assert not model.objects.filter(pk=record.pk).exists()


def test_actions_on_invisible_records_are_404(alice, bob_api, carol_api):
    lead = LeadFactory(owner=alice, visibility=Visibility.PERSONAL, status="qualified")
    relation = RelationFactory(owner=alice, visibility=Visibility.PERSONAL)
    contact = ContactFactory(owner=alice, visibility=Visibility.OFFICE)
    person = relation.people.create(office=relation.office, contact=contact, role="sales_manager")

    for client in (bob_api, carol_api):
        assert client.post(f"/api/leads/{lead.pk}/convert/", {}, format="json").status_code == 404
        assert client.get(f"/api/leads/{lead.pk}/matches/").status_code == 404
        assert client.get(f"/api/relations/{relation.pk}/people/").status_code == 404
        add = {"contact": contact.pk, "role": "finance"}
        assert client.post(f"/api/relations/{relation.pk}/people/", add).status_code == 404
        remove = f"/api/relations/{relation.pk}/people/{person.pk}/"
        assert client.delete(remove).status_code == 404
    lead.refresh_from_db()
    assert lead.converted_contact_id is None
    assert relation.people.count() == 1


def test_cannot_point_at_invisible_records(alice, bob, bob_api, carol, carol_api):
    hidden = ContactFactory(owner=alice, visibility=Visibility.PERSONAL)
    lead = LeadFactory(owner=bob, status="qualified")
    relation = RelationFactory(owner=bob)

    merge = bob_api.post(f"/api/leads/{lead.pk}/convert/", {"merge_into": hidden.pk}, format="json")
    person = bob_api.post(
        f"/api/relations/{relation.pk}/people/", {"contact": hidden.pk, "role": "sales_manager"}
    )

    assert merge.status_code == 400
    assert "merge_into" in merge.json()
    assert person.status_code == 400
    assert "contact" in person.json()


def test_other_users_categories_are_neither_shown_nor_usable(alice, bob, bob_api):
    alices = CategoryFactory(owner=alice, name="Alice's hot list")
    contact = ContactFactory(owner=alice, categories=[alices])

    shown = bob_api.get(f"/api/contacts/{contact.pk}/").json()
    filed = bob_api.patch(
        f"/api/contacts/{contact.pk}/", {"categories": [alices.pk]}, format="json"
    )
    listed = bob_api.get("/api/categories/").json()

    assert shown["categories"] == []
    assert filed.status_code == 400
    assert "categories" in filed.json()
    assert alices.pk not in {c["id"] for c in listed}
    assert bob_api.get(f"/api/categories/{alices.pk}/").status_code == 404
    assert bob_api.delete(f"/api/categories/{alices.pk}/").status_code == 404

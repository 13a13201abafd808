"""Through the API, a colleague's personal records and another office's records do not exist:
activities, tasks, properties, property links and deals answer 404, and lists leave them out."""

import pytest

from estatedesk.activities.tests.factories import ActivityFactory, TaskFactory
from estatedesk.api.resources_more.testing import ids, token_client
from estatedesk.contacts.tests.factories import ContactFactory
from estatedesk.core.choices import Visibility
from estatedesk.deals.tests.factories import DealFactory, stage
from estatedesk.properties.tests.factories import PropertyFactory, PropertyLinkFactory


def make_property(owner, visibility):
    return PropertyFactory(owner=owner, visibility=visibility)


def make_deal(owner, visibility):
    return DealFactory(owner=owner, visibility=visibility)


def make_task(owner, visibility):
    # A task's visibility follows the record it is about.
    return TaskFactory(record=ContactFactory(owner=owner, visibility=visibility))


def make_activity(owner, visibility):
    return ActivityFactory(records=[ContactFactory(owner=owner, visibility=visibility)])


def make_property_link(owner, visibility):
    contact = ContactFactory(owner=owner, visibility=visibility)
    return PropertyLinkFactory(property=PropertyFactory(owner=owner), contact=contact)


RESOURCES = {
    "properties": (make_property, {"city": "Utrecht"}),
    "deals": (make_deal, {"title": "Changed"}),
    "tasks": (make_task, {"title": "Changed"}),
    "activities": (make_activity, {"subject": "Changed"}),
    "property-links": (make_property_link, None),
}


@pytest.fixture
def as_bob_api(bob):
    return token_client(bob)


@pytest.fixture
def as_carol_api(carol):
    return token_client(carol)


@pytest.mark.parametrize("resource", RESOURCES)
def test_colleague_cannot_reach_personal_record(resource, alice, bob, as_bob_api):
    make, change = RESOURCES[resource]
    obj = make(alice, Visibility.PERSONAL)
    url = f"/api/{resource}/{obj.pk}/"

    assert as_bob_api.get(url).status_code == 404
    assert obj.pk not in ids(as_bob_api.get(f"/api/{resource}/"))
    if change is not None:
        assert as_bob_api.patch(url, change, format="json").status_code == 404
        assert as_bob_api.put(url, change, format="json").status_code == 404
    assert as_bob_api.delete(url).status_code == 404
    assert type(obj).objects.filter(pk=obj.pk).exists()


@pytest.mark.parametrize("resource", RESOURCES)
def test_other_office_cannot_reach_office_record(resource, alice, carol, as_carol_api):
    make, change = RESOURCES[resource]
    obj = make(alice, Visibility.OFFICE)
    url = f"/api/{resource}/{obj.pk}/"

    assert as_carol_api.get(url).status_code == 404
    assert obj.pk not in ids(as_carol_api.get(f"/api/{resource}/"))
    if change is not None:
        assert as_carol_api.patch(url, change, format="json").status_code == 404
    assert as_carol_api.delete(url).status_code == 404
    assert type(obj).objects.filter(pk=obj.pk).exists()


@pytest.mark.parametrize("resource", RESOURCES)
def test_colleague_sees_office_record(resource, alice, bob, as_bob_api):
    make, _change = RESOURCES[resource]
    obj = make(alice, Visibility.OFFICE)

    assert as_bob_api.get(f"/api/{resource}/{obj.pk}/").status_code == 200
    assert obj.pk in ids(as_bob_api.get(f"/api/{resource}/"))


def test_actions_on_invisible_records_are_404(alice, bob, as_bob_api):
    deal = make_deal(alice, Visibility.PERSONAL)
    task = make_task(alice, Visibility.PERSONAL)
    prop = make_property(alice, Visibility.PERSONAL)
    offer = stage(alice.office, "Offer")

    assert as_bob_api.post(f"/api/deals/{deal.pk}/move/", {"stage": offer.pk},
                           format="json").status_code == 404  # fmt: skip
    assert as_bob_api.get(f"/api/deals/{deal.pk}/events/").status_code == 404
    assert as_bob_api.post(f"/api/tasks/{task.pk}/complete/", {}, format="json").status_code == 404
    assert as_bob_api.get(f"/api/properties/{prop.pk}/photos/").status_code == 404
    deal.refresh_from_db()
    task.refresh_from_db()
    assert deal.stage_id != offer.pk
    assert task.done_at is None


def test_anonymous_and_bad_token_are_401(alice):
    from rest_framework.test import APIClient

    client = APIClient()
    assert client.get("/api/deals/").status_code == 401
    client.credentials(HTTP_AUTHORIZATION="Bearer not-a-key")
    assert client.get("/api/properties/").status_code == 401


def test_pipeline_stages_are_the_offices_own(alice, carol, as_carol_api):
    alice_stage = stage(alice.office, "Offer")
    rows = as_carol_api.get("/api/pipeline-stages/").json()["results"]
    assert alice_stage.pk not in {r["id"] for r in rows}
    assert [r["name"] for r in rows] == ["New", "Viewing", "Offer", "Negotiation", "Won", "Lost"]
    assert as_carol_api.get(f"/api/pipeline-stages/{alice_stage.pk}/").status_code == 404

"""The staff's API for portal offers: what agents may see, offer, withdraw, and read."""

import pytest

from estatedesk.contacts.tests.factories import ContactFactory
from estatedesk.core.choices import Visibility
from estatedesk.portal.choices import Preference, Side
from estatedesk.portal.models import Offer, OfferMessage
from estatedesk.portal.services.offers import reaction_set
from estatedesk.portal.tests.factories import OfferFactory
from estatedesk.properties.tests.factories import PropertyFactory

URL = "/api/portal-offers/"


def test_agent_lists_a_contacts_offers_with_reactions(ann, ben, alice_api):
    offer = OfferFactory(contact=ann.contact)
    OfferFactory(contact=ben.contact)
    reaction_set(access=ann, offer=offer, preference=Preference.POSSIBLE, rating=4)

    response = alice_api.get(URL, {"contact": ann.contact.pk})

    assert response.status_code == 200
    [row] = response.json()["results"]
    assert row["id"] == offer.pk
    assert row["reactions"][0]["preference"] == "possible"
    assert row["reactions"][0]["rating"] == 4


def test_filter_by_property(ann, ben, alice_api):
    offer = OfferFactory(contact=ann.contact)
    OfferFactory(contact=ben.contact)

    rows = alice_api.get(URL, {"property": offer.property_id}).json()["results"]

    assert [r["id"] for r in rows] == [offer.pk]


def test_agent_creates_and_withdraws_an_offer(ann, alice, alice_api):
    prop = PropertyFactory(owner=alice)

    created = alice_api.post(URL, {"contact": ann.contact.pk, "property": prop.pk,
                                   "note": "Have a look"}, format="json")  # fmt: skip
    assert created.status_code == 201, created.json()
    offer = Offer.objects.get(pk=created.json()["id"])
    assert (offer.contact, offer.property, offer.note) == (ann.contact, prop, "Have a look")

    withdrawn = alice_api.post(f"{URL}{offer.pk}/withdraw/")
    assert withdrawn.status_code == 200
    assert withdrawn.json()["withdrawn_at"] is not None


def test_an_invisible_contact_or_property_is_refused_like_a_missing_one(ann, alice, bob, alice_api):
    personal = ContactFactory(owner=bob, visibility=Visibility.PERSONAL)
    prop = PropertyFactory(owner=alice)

    response = alice_api.post(URL, {"contact": personal.pk, "property": prop.pk}, format="json")

    assert response.status_code == 400
    assert "contact" in response.json()
    assert not Offer.objects.exists()


def test_messages_of_an_offer(ann, alice, alice_api):
    offer = OfferFactory(contact=ann.contact)
    OfferMessage.objects.create(office=ann.office, offer=offer, side=Side.CLIENT,
                                contact=ann.contact, body="Is it quiet?")  # fmt: skip

    response = alice_api.get(f"{URL}{offer.pk}/messages/")

    assert response.status_code == 200
    assert [m["body"] for m in response.json()] == ["Is it quiet?"]


@pytest.mark.parametrize("path", ["", "withdraw/", "messages/"])
def test_another_office_gets_404(ann, carol_api, path):
    offer = OfferFactory(contact=ann.contact)
    method = carol_api.post if path == "withdraw/" else carol_api.get

    assert method(f"{URL}{offer.pk}/{path}").status_code == 404
    assert carol_api.get(URL).json()["results"] == []


def test_portal_client_gets_nothing_from_the_api(ann, token_client, as_ann):
    OfferFactory(contact=ann.contact)

    # The portal's fence answers API calls of a client with the API's JSON 404.
    response = as_ann.get(URL)
    assert response.status_code == 404
    assert "results" not in response.json()

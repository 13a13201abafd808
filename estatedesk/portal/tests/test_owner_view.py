"""A seller or landlord follows their listing in the portal: counts, reasons, viewings, feedback
and the agent's updates marked for them; never a buyer's identity or private notes."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from estatedesk.contacts.tests.factories import ContactFactory
from estatedesk.portal.choices import Preference, Side, ViewingStatus
from estatedesk.portal.models import (
    ListingUpdate,
    OfferMessage,
    Reaction,
    RejectionReason,
    ViewingRequest,
)
from estatedesk.portal.tests.factories import OfferFactory
from estatedesk.properties.tests.factories import PropertyFactory, PropertyLinkFactory


@pytest.fixture
def listing(alice, ann):
    """Ann sells a flat; three buyers were offered it and reacted."""
    prop = PropertyFactory(owner=alice, office=alice.office, street="Herengracht",
                           house_number="12")  # fmt: skip
    PropertyLinkFactory(property=prop, contact=ann.contact, role="seller")
    return prop


def buyer_offer(prop, alice, *, first, last, email, preference, rating, reasons=(), note=""):
    buyer = ContactFactory(owner=alice, first_name=first, last_name=last, emails=[email],
                           phones=["+31612345678"])  # fmt: skip
    offer = OfferFactory(contact=buyer, property=prop, offered_by=alice, note=note)
    reaction = Reaction.objects.create(office=prop.office, offer=offer, contact=buyer,
                                       preference=preference, rating=rating,
                                       reason_text="Ugly for Zebedee Quint")  # fmt: skip
    reaction.reasons.set(reasons)
    return offer


@pytest.fixture
def interest(listing, alice, ann):
    office = listing.office
    price = RejectionReason.objects.get(office=office, name="Price")  # a default reason
    parking = RejectionReason.objects.get(office=office, name="No parking")
    secret = buyer_offer(listing, alice, first="Zebedee", last="Quint",
                         email="zebedee.quint@example.org", preference=Preference.NOT_FOR_ME,
                         rating=2, reasons=[price, parking],
                         note="Zebedee can pay cash, keep it quiet")  # fmt: skip
    OfferMessage.objects.create(office=office, offer=secret, side=Side.CLIENT,
                                contact=secret.contact,
                                body="Private: my budget is 400k max")  # fmt: skip
    buyer_offer(listing, alice, first="Yolanda", last="Pike", email="yolanda@example.org",
                preference=Preference.FAVOURITE, rating=5)  # fmt: skip
    third = buyer_offer(listing, alice, first="Xavier", last="Moss", email="xm@example.org",
                        preference=Preference.NOT_FOR_ME, rating=None, reasons=[price])  # fmt: skip
    # a withdrawn offer does not count
    OfferFactory(contact=ContactFactory(owner=alice), property=listing,
                 withdrawn_at=timezone.now())  # fmt: skip
    now = timezone.now()
    ViewingRequest.objects.create(
        office=office, offer=secret, requested_by=secret.contact, slot_1=now - timedelta(days=2),
        status=ViewingStatus.CONFIRMED, starts_at=now - timedelta(days=2),
        feedback="Bright rooms but noisy street", feedback_at=now,
        message="Zebedee's private viewing message",
    )  # fmt: skip
    ViewingRequest.objects.create(
        office=office, offer=third, requested_by=third.contact, slot_1=now + timedelta(days=2),
        status=ViewingStatus.CONFIRMED, starts_at=now + timedelta(days=2),
    )  # fmt: skip
    ListingUpdate.objects.create(office=office, property=listing, author=alice,
                                 body="Price reduced on Funda", visible_to_owner=True)  # fmt: skip
    ListingUpdate.objects.create(office=office, property=listing, author=alice,
                                 body="Internal: seller is desperate",
                                 visible_to_owner=False)  # fmt: skip


def test_seller_sees_counts_reasons_viewings_feedback_and_visible_updates(
    as_ann, listing, interest
):
    response = as_ann.get(reverse("portal:owner_listing", args=[listing.pk]))

    assert response.status_code == 200
    s = response.context["s"]
    assert s.offered == 3
    assert (s.favourite, s.possible, s.not_for_me) == (1, 0, 2)
    assert str(s.average_rating) == "3.5"
    assert [(r.name, r.count) for r in s.reasons] == [("Price", 2), ("No parking", 1)]
    assert (s.viewings_held, s.viewings_planned) == (1, 1)
    page = response.content.decode()
    assert "Bright rooms but noisy street" in page
    assert "Price reduced on Funda" in page
    assert "Internal: seller is desperate" not in page


PLANTED = ("Zebedee", "Quint", "zebedee.quint@example.org", "Yolanda", "Pike",
           "yolanda@example.org", "Xavier", "+31612345678", "612345678", "keep it quiet",
           "my budget is 400k", "private viewing message")  # fmt: skip


def test_seller_never_sees_a_buyers_identity_or_private_notes(as_ann, listing, interest):
    pages = [
        as_ann.get(reverse("portal:owner_listings")).content.decode(),
        as_ann.get(reverse("portal:owner_listing", args=[listing.pk])).content.decode(),
    ]

    for page in pages:
        for planted in PLANTED:
            assert planted not in page


def test_listing_list_shows_only_the_owners_listings(as_ann, ann, alice, listing):
    let = PropertyFactory(owner=alice, office=alice.office, street="Singel", house_number="3")
    PropertyLinkFactory(property=let, contact=ann.contact, role="landlord")
    bought = PropertyFactory(owner=alice, office=alice.office, street="Damrak", house_number="9")
    PropertyLinkFactory(property=bought, contact=ann.contact, role="buyer")
    PropertyFactory(owner=alice, office=alice.office, street="Rokin", house_number="1")

    response = as_ann.get(reverse("portal:owner_listings"))

    assert response.status_code == 200
    assert set(response.context["listings"]) == {listing, let}


@pytest.mark.parametrize("role", ["buyer", "interested", "offered", "tenant"])
def test_other_roles_do_not_open_the_owners_page(as_ann, ann, alice, role):
    prop = PropertyFactory(owner=alice, office=alice.office)
    PropertyLinkFactory(property=prop, contact=ann.contact, role=role)

    assert as_ann.get(reverse("portal:owner_listing", args=[prop.pk])).status_code == 404


def test_another_client_cannot_open_the_sellers_page(as_ben, listing):
    assert as_ben.get(reverse("portal:owner_listing", args=[listing.pk])).status_code == 404


def test_owner_page_keeps_a_constant_number_of_queries(as_ann, listing, interest, alice):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def load() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert as_ann.get(reverse("portal:owner_listing", args=[listing.pk])).status_code == 200
        return len(ctx)

    before = load()
    for n in range(5):
        buyer_offer(listing, alice, first=f"B{n}", last="Buyer", email=f"b{n}@example.org",
                    preference=Preference.POSSIBLE, rating=4)  # fmt: skip
    assert load() == before


def test_agent_adds_hides_and_removes_owner_updates_from_the_property(as_alice, as_ann, listing):
    tab = listing.get_absolute_url() + "?tab=owner-updates"
    assert as_alice.get(tab).status_code == 200

    as_alice.post(reverse("portal_staff:listing_update_add", args=[listing.pk]),
                  {"body": "Open house on Saturday", "visible_to_owner": "on"})  # fmt: skip
    update = ListingUpdate.objects.get()
    assert b"Open house on Saturday" in as_alice.get(tab).content
    owner_page = reverse("portal:owner_listing", args=[listing.pk])
    assert b"Open house on Saturday" in as_ann.get(owner_page).content

    as_alice.post(reverse("portal_staff:listing_update_toggle", args=[update.pk]))
    assert b"Open house on Saturday" not in as_ann.get(owner_page).content

    as_alice.post(reverse("portal_staff:listing_update_delete", args=[update.pk]))
    assert not ListingUpdate.objects.exists()


def test_another_office_cannot_touch_owner_updates(as_carol, listing, alice):
    update = ListingUpdate.objects.create(office=listing.office, property=listing, author=alice,
                                          body="Mine")  # fmt: skip

    assert as_carol.post(reverse("portal_staff:listing_update_add", args=[listing.pk]),
                         {"body": "x"}).status_code == 404  # fmt: skip
    assert as_carol.post(reverse("portal_staff:listing_update_toggle",
                                 args=[update.pk])).status_code == 404  # fmt: skip
    assert as_carol.post(reverse("portal_staff:listing_update_delete",
                                 args=[update.pk])).status_code == 404  # fmt: skip
    update.refresh_from_db()
    assert update.visible_to_owner

"""The demo office's client portal: a buyer and a seller who log in at /portal/login/, and
`load_demo` prints their logins with the staff ones; the buyer has offers, reactions, a thread
and viewings, the seller's listing was offered to others who reacted; no e-mail leaves."""

from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from estatedesk.contacts.tests.factories import ContactFactory
from estatedesk.demo import office as demo
from estatedesk.demo import portal as portal_demo
from estatedesk.portal.choices import Preference, Side, ViewingStatus
from estatedesk.portal.models import (
    ListingUpdate,
    Offer,
    OfferMessage,
    PortalAccess,
    Reaction,
    ViewingRequest,
)
from estatedesk.portal.selectors.owners import owner_listing
from estatedesk.properties.choices import LinkRole, ListingKind
from estatedesk.properties.models import PropertyLink
from estatedesk.properties.tests.factories import PropertyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded(office, admin, alice, bob):
    listing = PropertyFactory(office=office, owner=alice, listing_kind=ListingKind.SALE)
    PropertyFactory.create_batch(5, office=office, owner=alice, listing_kind=ListingKind.SALE)
    ContactFactory.create_batch(3, office=office, owner=alice)
    portal_demo.load(office=office, users=[admin, alice, bob], password=demo.PASSWORD)
    return listing


@pytest.fixture
def sophie(loaded):
    return PortalAccess.objects.select_related("contact", "user").get(email=portal_demo.BUYER_EMAIL)


@pytest.mark.parametrize("email", [email for email, _role in portal_demo.PORTAL_LOGINS])
def test_each_demo_portal_client_logs_in_to_the_portal(loaded, email):
    client = Client()

    response = client.post(reverse("portal:login"),
                           {"username": email, "password": demo.PASSWORD})  # fmt: skip

    assert response.status_code == 302
    assert client.get(reverse("portal:switch")).status_code == 200


def test_the_demo_seller_is_the_seller_of_a_listing(loaded):
    access = PortalAccess.objects.get(email=portal_demo.SELLER_EMAIL)

    assert PropertyLink.objects.filter(
        contact=access.contact, property=loaded, role=LinkRole.SELLER
    ).exists()


def test_load_demo_prints_the_portal_logins(monkeypatch, db):
    monkeypatch.setattr(demo, "load", lambda seed: "")
    out = StringIO()

    call_command("load_demo", stdout=out)

    for email, _role in portal_demo.PORTAL_LOGINS:
        assert email in out.getvalue()
    assert "/portal/login/" in out.getvalue()


def test_the_demo_buyer_was_offered_five_properties_with_notes(sophie):
    offers = Offer.objects.visible_to_client(sophie)

    assert offers.count() == 5
    assert all(offer.note for offer in offers)


def test_the_demo_buyer_reacted_with_a_favourite_and_a_reasoned_no(sophie):
    reactions = Reaction.objects.filter(contact=sophie.contact)

    favourite = reactions.get(preference=Preference.FAVOURITE)
    declined = reactions.get(preference=Preference.NOT_FOR_ME)
    assert favourite.rating == 5
    assert declined.reasons.exists()


def test_the_demo_thread_goes_both_ways(sophie):
    sides = set(
        OfferMessage.objects.filter(offer__contact=sophie.contact).values_list("side", flat=True)
    )

    assert sides == {Side.CLIENT, Side.AGENT}


def test_the_demo_buyer_has_a_confirmed_and_a_requested_viewing_in_the_future(sophie):
    viewings = ViewingRequest.objects.visible_to_client(sophie)

    confirmed = viewings.get(status=ViewingStatus.CONFIRMED)
    requested = viewings.get(status=ViewingStatus.REQUESTED)
    assert confirmed.appointment is not None
    assert len(requested.slots) == 3
    assert min(requested.slots) > confirmed.created_at


def test_the_demo_seller_sees_counted_offers_reactions_and_reasons(loaded):
    hendrik = PortalAccess.objects.get(email=portal_demo.SELLER_EMAIL)

    summary = owner_listing(hendrik, loaded.pk)

    assert summary is not None
    assert summary.offered == 4  # Sophie and three other clients
    assert {reason.name for reason in summary.reasons} >= {"Price", "Location"}
    assert summary.viewings_planned == 2
    assert ListingUpdate.objects.filter(property=loaded, visible_to_owner=True).count() == 2


def test_the_demo_portal_sends_no_mail_when_it_commits(
    office, admin, alice, bob, django_capture_on_commit_callbacks
):
    PropertyFactory.create_batch(3, office=office, owner=alice, listing_kind=ListingKind.SALE)

    with (
        portal_demo.outgoing_mail_discarded(),
        django_capture_on_commit_callbacks(execute=True) as callbacks,
    ):
        portal_demo.load(office=office, users=[admin, alice, bob], password=demo.PASSWORD)

    assert callbacks  # the services did try to send their e-mails
    assert mail.outbox == []

"""On a phone (390×844, Chromium): a client asks for a viewing with three times in their own
timezone, the agent confirms one, the client sees the confirmed time and can add it to a
calendar; a seller opens their listing. No page scrolls sideways."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from estatedesk.e2e.browser import assert_fits_the_phone
from estatedesk.e2e.conftest import signed_in
from estatedesk.portal.models import ViewingRequest
from estatedesk.portal.services import viewings as services
from estatedesk.portal.tests.factories import OfferFactory
from estatedesk.properties.tests.factories import PropertyFactory, PropertyLinkFactory

pytestmark = pytest.mark.e2e


@pytest.fixture
def phone(live_server, phone_context, ann):
    """Ann's browser on a phone, signed in to the portal."""
    return signed_in(phone_context, live_server, ann.user).new_page()


def test_client_asks_for_a_viewing_and_sees_it_confirmed_on_a_phone(phone, ann, alice):
    page = phone
    offer = OfferFactory(
        contact=ann.contact,
        offered_by=alice,
        property__street="Prinsengracht",
        property__house_number="263",
    )
    days = [(timezone.now() + timedelta(days=n)).strftime("%Y-%m-%d") for n in (3, 4, 5)]

    page.goto(f"/portal/offers/{offer.pk}/viewing/")
    assert_fits_the_phone(page)
    page.select_option("select[name=client_timezone]", "America/New_York")
    page.fill("input[name=slot_1]", f"{days[0]}T10:00")
    page.fill("input[name=slot_2]", f"{days[1]}T14:30")
    page.fill("input[name=slot_3]", f"{days[2]}T09:15")
    page.fill("textarea[name=message]", "After work is best")
    page.get_by_role("button", name="Send the request").click()

    expect(page.locator(".viewing-card .status")).to_have_text("Requested")
    assert_fits_the_phone(page)
    viewing = ViewingRequest.objects.get()
    assert len(viewing.slots) == 3

    # the agent confirms the second time
    services.viewing_confirm(viewing=viewing, actor=alice, starts_at=viewing.slot_2)

    page.reload()
    expect(page.locator(".viewing-card .status")).to_have_text("Confirmed")
    expect(page.locator(".viewing-card")).to_contain_text("14:30")
    expect(page.locator(".viewing-card")).to_contain_text("America/New_York")
    expect(page.get_by_role("button", name="Add to my calendar (.ics)")).to_be_visible()
    assert_fits_the_phone(page)

    page.goto("/portal/viewings/")
    expect(page.locator(f"#viewing-{viewing.pk}")).to_be_visible()
    assert_fits_the_phone(page)


def test_seller_page_fits_a_phone(phone, ann, alice):
    page = phone
    prop = PropertyFactory(owner=alice, office=alice.office, street="Herengracht",
                           house_number="502")  # fmt: skip
    PropertyLinkFactory(property=prop, contact=ann.contact, role="seller")

    page.goto("/portal/listings/")
    assert_fits_the_phone(page)
    page.get_by_role("link", name="Herengracht 502, Amsterdam").click()
    expect(page.locator("#listing-interest")).to_be_visible()
    assert_fits_the_phone(page)

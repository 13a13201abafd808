"""On a phone (390×844, Chromium): a client asks for a viewing with three times in their own
timezone, the agent confirms one, the client sees the confirmed time and can add it to a
calendar; a seller opens their listing. No page scrolls sideways."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from estatedesk.e2e.conftest import browser  # noqa: F401 (the fixture)
from estatedesk.portal.models import ViewingRequest
from estatedesk.portal.services import viewings as services
from estatedesk.portal.tests.factories import OfferFactory
from estatedesk.properties.tests.factories import PropertyFactory, PropertyLinkFactory

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def phone(live_server, browser, ann):  # noqa: F811 (the imported fixture)
    """Ann's browser on a phone, signed in to the portal (her session cookie)."""
    client = Client()
    client.force_login(ann.user)
    context = browser.new_context(viewport=PHONE, base_url=live_server.url)
    context.set_default_timeout(10_000)
    context.add_cookies([{
        "name": settings.SESSION_COOKIE_NAME,
        "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
        "url": live_server.url,
    }])  # fmt: skip
    page = context.new_page()
    yield page
    context.close()


def no_sideways_scrolling(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width}px wide"


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
    no_sideways_scrolling(page)
    page.select_option("select[name=client_timezone]", "America/New_York")
    page.fill("input[name=slot_1]", f"{days[0]}T10:00")
    page.fill("input[name=slot_2]", f"{days[1]}T14:30")
    page.fill("input[name=slot_3]", f"{days[2]}T09:15")
    page.fill("textarea[name=message]", "After work is best")
    page.get_by_role("button", name="Send the request").click()

    expect(page.locator(".viewing-card .status")).to_have_text("Requested")
    no_sideways_scrolling(page)
    viewing = ViewingRequest.objects.get()
    assert len(viewing.slots) == 3

    # the agent confirms the second time
    services.viewing_confirm(viewing=viewing, actor=alice, starts_at=viewing.slot_2)

    page.reload()
    expect(page.locator(".viewing-card .status")).to_have_text("Confirmed")
    expect(page.locator(".viewing-card")).to_contain_text("14:30")
    expect(page.locator(".viewing-card")).to_contain_text("America/New_York")
    expect(page.get_by_role("button", name="Add to my calendar (.ics)")).to_be_visible()
    no_sideways_scrolling(page)

    page.goto("/portal/viewings/")
    expect(page.locator(f"#viewing-{viewing.pk}")).to_be_visible()
    no_sideways_scrolling(page)


def test_seller_page_fits_a_phone(phone, ann, alice):
    page = phone
    prop = PropertyFactory(owner=alice, office=alice.office, street="Herengracht",
                           house_number="502")  # fmt: skip
    PropertyLinkFactory(property=prop, contact=ann.contact, role="seller")

    page.goto("/portal/listings/")
    no_sideways_scrolling(page)
    page.get_by_role("link", name="Herengracht 502, Amsterdam").click()
    expect(page.locator("#listing-interest")).to_be_visible()
    no_sideways_scrolling(page)

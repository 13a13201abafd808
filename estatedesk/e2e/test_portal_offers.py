"""A client on a phone (390×844) goes through her offered properties: no page scrolls
sideways, she rates one as a favourite, rejects another with a reason, and writes to her
agent; every answer comes back in place (htmx) and lands in the CRM."""

import os

import pytest
from playwright.sync_api import expect

from estatedesk.contacts.tests.factories import ContactFactory
from estatedesk.e2e.browser import assert_fits_the_phone
from estatedesk.e2e.conftest import signed_in
from estatedesk.portal.models import Offer, OfferMessage, Reaction
from estatedesk.portal.services.offers import offer_create
from estatedesk.portal.tests.factories import PortalAccessFactory
from estatedesk.properties.services import photo_add
from estatedesk.properties.tests.factories import PropertyFactory, image_upload

pytestmark = pytest.mark.e2e


def test_client_reacts_to_offers_on_a_phone(phone_context, live_server, agent):
    contact = ContactFactory(owner=agent, first_name="Ann", last_name="Client")
    access = PortalAccessFactory(contact=contact)
    canal = PropertyFactory(owner=agent, street="Keizersgracht", house_number="12",
                            asking_price=450000, bedrooms=3, living_area=95,
                            description="A long description " * 40)  # fmt: skip
    loft = PropertyFactory(owner=agent, street="Aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaastraat",
                           house_number="1", asking_price=390000)  # fmt: skip
    photo_add(property=canal, actor=agent, upload=image_upload(size=(1600, 1200)))
    offer_create(actor=agent, contact=contact, properties=[canal],
                 note="South-facing garden, as you asked.")  # fmt: skip
    offer_create(actor=agent, contact=contact, properties=[loft])
    page = signed_in(phone_context, live_server, access.user).new_page()

    page.goto("/portal/properties/")
    expect(page.locator(".offer-card")).to_have_count(2)
    assert_fits_the_phone(page)
    if shots := os.environ.get("ESTATEDESK_E2E_SHOTS"):
        page.screenshot(path=f"{shots}/portal-offer-list-phone.png", full_page=True)

    # A favourite, rated 4.
    page.locator(".offer-card", has_text="Keizersgracht").locator("a").first.click()
    expect(page.get_by_text("South-facing garden, as you asked.")).to_be_visible()
    assert_fits_the_phone(page)
    if shots:
        page.screenshot(path=f"{shots}/portal-offer-phone.png", full_page=True)
    page.locator("#reaction .rating label", has_text="4").click()
    page.get_by_role("button", name="Favourite").click()
    expect(page.locator("#reaction")).to_contain_text("Thank you")
    reaction = Reaction.objects.get(offer__property=canal)
    assert (reaction.preference, reaction.rating) == ("favourite", 4)

    # A note to the agent, answered in place.
    page.fill("#thread textarea", "Can we visit on Saturday?")
    page.get_by_role("button", name="Send").click()
    expect(page.locator("#thread .messages")).to_contain_text("Can we visit on Saturday?")
    assert OfferMessage.objects.get().body == "Can we visit on Saturday?"

    # Not for her, because of the price.
    page.goto("/portal/properties/")
    page.locator(".offer-card", has_text="straat").locator("a").first.click()
    assert_fits_the_phone(page)
    page.get_by_text("Not for you? Tell us why").click()
    page.locator("#reaction .reasons label", has_text="Price").click()
    page.get_by_role("button", name="Not for me").click()
    expect(page.locator("#reaction")).to_contain_text("Thank you")
    rejected = Reaction.objects.get(offer__property=loft)
    assert rejected.preference == "not_for_me"
    assert [r.name for r in rejected.reasons.all()] == ["Price"]

    page.goto("/portal/properties/")
    expect(page.locator(".offer-card", has_text="Keizersgracht")).to_contain_text("You: Favourite")
    assert_fits_the_phone(page)


def test_agent_offers_a_property_to_a_contact_from_the_property_page(logged_in, agent):
    page = logged_in
    ContactFactory(owner=agent, first_name="Zeno", last_name="Other")
    wanted = ContactFactory(owner=agent, first_name="Lotte", last_name="de Boer")
    prop = PropertyFactory(owner=agent, street="Keizersgracht", house_number="7")

    page.goto(f"{prop.get_absolute_url()}?tab=offers")
    page.fill("#offer-contact-search", "lotte")
    expect(page.locator("#id_contact option")).to_have_count(1)
    page.fill("#offer-to-contact-form textarea[name=note]", "Just what you asked for")
    page.click("#offer-to-contact-form button[type=submit]")

    rows = page.locator("#property-offers-table tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Lotte de Boer")
    offer = Offer.objects.get()
    assert (offer.contact, offer.note) == (wanted, "Just what you asked for")

"""The client portal's whole loop in Chromium, an agent on a desktop and a client on a phone
(390×844): the agent invites the client from the contact's Portal tab; the client opens the
invitation, sets a password, rates two offered properties, rejects one with a reason and asks
for a viewing; the agent confirms it; the client sees the confirmed time. No portal page
scrolls sideways at that width."""

import re
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from estatedesk.contacts.tests.factories import ContactFactory
from estatedesk.e2e.browser import assert_fits_the_phone
from estatedesk.portal.models import Reaction, ViewingRequest
from estatedesk.portal.services.offers import offer_create
from estatedesk.properties.tests.factories import PropertyFactory

pytestmark = pytest.mark.e2e

CLIENT_PASSWORD = "a-long-client-password"  # noqa: S105 - a test password


def test_invited_client_reacts_asks_for_a_viewing_and_sees_it_confirmed(
    logged_in, phone, live_server, agent
):
    desk = logged_in
    contact = ContactFactory(owner=agent, first_name="Dora", last_name="Buyer",
                             emails=["dora@example.net"])  # fmt: skip
    canal, loft, villa = (
        PropertyFactory(owner=agent, street=street, house_number="7", asking_price=price)
        for street, price in (("Keizersgracht", 450000), ("Prinsengracht", 395000),
                              ("Herengracht", 990000))
    )  # fmt: skip
    offer_create(actor=agent, contact=contact, properties=[canal, loft, villa],
                 note="Three that fit your wishes.")  # fmt: skip

    # The agent invites Dora from her Portal tab.
    desk.goto(f"{contact.get_absolute_url()}?tab=portal")
    desk.get_by_role("button", name="Invite to the portal").click()
    expect(desk.locator("#contact-portal [data-status]")).to_have_text("Invited")
    link = re.search(r"https?://\S+/portal/accept/\S+/", mail.outbox[-1].body).group(0)

    # Dora opens the link on her phone and chooses a password.
    page = phone
    page.goto(urlsplit(link).path)  # the link names the configured site, not this test server
    assert_fits_the_phone(page)
    page.fill("input[name=password]", CLIENT_PASSWORD)
    page.fill("input[name=password_again]", CLIENT_PASSWORD)
    page.check("input[name=terms]")
    page.get_by_role("button", name="Open my portal").click()
    page.wait_for_url("**/portal/properties/")
    expect(page.locator(".offer-card")).to_have_count(3)
    assert_fits_the_phone(page)

    # Two ratings: a favourite (5) and a possible (3).
    for street, stars, verdict in (("Keizersgracht", "5", "Favourite"),
                                   ("Prinsengracht", "3", "Possible")):  # fmt: skip
        page.goto("/portal/properties/")
        page.locator(".offer-card", has_text=street).locator("a").first.click()
        assert_fits_the_phone(page)
        page.locator("#reaction .rating label", has_text=stars).click()
        page.get_by_role("button", name=verdict).click()
        expect(page.locator("#reaction")).to_contain_text("Thank you")

    # One rejected, because of its price.
    page.goto("/portal/properties/")
    page.locator(".offer-card", has_text="Herengracht").locator("a").first.click()
    page.get_by_text("Not for you? Tell us why").click()
    page.locator("#reaction .reasons label", has_text="Price").click()
    page.get_by_role("button", name="Not for me").click()
    expect(page.locator("#reaction")).to_contain_text("Thank you")
    reactions = {
        r.offer.property.street: r for r in Reaction.objects.select_related("offer__property")
    }
    assert (reactions["Keizersgracht"].preference, reactions["Keizersgracht"].rating) == (
        "favourite", 5)  # fmt: skip
    assert (reactions["Prinsengracht"].preference, reactions["Prinsengracht"].rating) == (
        "possible", 3)  # fmt: skip
    assert reactions["Herengracht"].preference == "not_for_me"
    assert [r.name for r in reactions["Herengracht"].reasons.all()] == ["Price"]

    # A viewing of her favourite, three times to choose from.
    page.goto("/portal/properties/")
    page.locator(".offer-card", has_text="Keizersgracht").locator("a").first.click()
    page.get_by_role("button", name="Ask for a viewing").click()
    assert_fits_the_phone(page)
    days = [(timezone.localdate() + timedelta(days=n)).isoformat() for n in (3, 4, 5)]
    page.fill("input[name=slot_1]", f"{days[0]}T10:00")
    page.fill("input[name=slot_2]", f"{days[1]}T14:30")
    page.fill("input[name=slot_3]", f"{days[2]}T09:15")
    page.fill("textarea[name=message]", "Mornings suit me best")
    page.get_by_role("button", name="Send the request").click()
    expect(page.locator(".viewing-card .status")).to_have_text("Requested")
    assert_fits_the_phone(page)
    assert len(ViewingRequest.objects.get().slots) == 3

    # The agent confirms her second time.
    desk.goto("/client-portal/viewings/")
    card = desk.locator(".viewing-request", has_text="Keizersgracht")
    card.locator("input[name=slot][value='2']").check()
    with desk.expect_navigation():
        card.get_by_role("button", name="Confirm this time").click()
    viewing = ViewingRequest.objects.get()
    assert (viewing.status, viewing.starts_at) == ("confirmed", viewing.slot_2)

    # Dora sees the confirmed time.
    page.goto("/portal/viewings/")
    expect(page.locator(".viewing-card .status")).to_have_text("Confirmed")
    expect(page.locator(".viewing-card")).to_contain_text("14:30")
    assert_fits_the_phone(page)

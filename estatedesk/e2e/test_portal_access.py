"""A client opens the portal from an invitation on a phone (390×844): the accept page, the
portal's frame and its account menu, with no horizontal scrolling; then logs out and in."""

import pytest
from playwright.sync_api import expect

from estatedesk.contacts.tests.factories import ContactFactory
from estatedesk.e2e.browser import assert_fits_the_phone
from estatedesk.portal.services.access import invitation_token, portal_invite

pytestmark = pytest.mark.e2e

CLIENT_PASSWORD = "a-long-client-password"  # noqa: S105 - a test password


def test_a_client_enters_from_an_invitation_on_a_phone(phone, agent):
    contact = ContactFactory(owner=agent, first_name="Dora", last_name="Maria Fernanda Buyer",
                             emails=["dora@example.net"])  # fmt: skip
    access = portal_invite(contact=contact, email="dora@example.net", actor=agent)
    page = phone

    page.goto(f"/portal/accept/{invitation_token(access)}/")
    assert_fits_the_phone(page)
    page.fill("input[name=password]", CLIENT_PASSWORD)
    page.fill("input[name=password_again]", CLIENT_PASSWORD)
    page.check("input[name=terms]")
    page.get_by_role("button", name="Open my portal").click()
    page.wait_for_url("**/portal/**")

    # The frame, at phone width, on the portal's own page
    page.goto("/portal/switch/")
    expect(page.locator(".portal-bar")).to_contain_text(agent.office.name)
    assert_fits_the_phone(page)
    page.locator(".portal-account summary").click()
    expect(page.get_by_role("link", name="Change password")).to_be_visible()
    assert_fits_the_phone(page)

    # Out, and in again through the portal's login
    page.get_by_role("button", name="Log out").click()
    page.wait_for_url("**/portal/login/**")
    assert_fits_the_phone(page)
    page.fill("input[name=username]", "dora@example.net")
    page.fill("input[name=password]", CLIENT_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/portal/**")
    assert "/portal/login/" not in page.url
    page.goto("/portal/password/")
    assert_fits_the_phone(page)

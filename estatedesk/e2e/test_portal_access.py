"""A client opens the portal from an invitation on a phone (390×844): the accept page, the
portal's frame and its account menu, with no horizontal scrolling; then logs out and in."""

import pytest
from playwright.sync_api import expect

from estatedesk.contacts.tests.factories import ContactFactory
from estatedesk.portal.services.access import invitation_token, portal_invite

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}
CLIENT_PASSWORD = "a-long-client-password"  # noqa: S105 - a test password


def assert_no_horizontal_scroll(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width}px wide"


@pytest.fixture
def phone(browser, live_server):
    context = browser.new_context(viewport=PHONE, base_url=live_server.url)
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


def test_a_client_enters_from_an_invitation_on_a_phone(phone, agent):
    contact = ContactFactory(owner=agent, first_name="Dora", last_name="Maria Fernanda Buyer",
                             emails=["dora@example.net"])  # fmt: skip
    access = portal_invite(contact=contact, email="dora@example.net", actor=agent)
    page = phone

    page.goto(f"/portal/accept/{invitation_token(access)}/")
    assert_no_horizontal_scroll(page)
    page.fill("input[name=password]", CLIENT_PASSWORD)
    page.fill("input[name=password_again]", CLIENT_PASSWORD)
    page.check("input[name=terms]")
    page.get_by_role("button", name="Open my portal").click()
    page.wait_for_url("**/portal/**")

    # The frame, at phone width, on the portal's own page
    page.goto("/portal/switch/")
    expect(page.locator(".portal-bar")).to_contain_text(agent.office.name)
    assert_no_horizontal_scroll(page)
    page.locator(".portal-account summary").click()
    expect(page.get_by_role("link", name="Change password")).to_be_visible()
    assert_no_horizontal_scroll(page)

    # Out, and in again through the portal's login
    page.get_by_role("button", name="Log out").click()
    page.wait_for_url("**/portal/login/**")
    assert_no_horizontal_scroll(page)
    page.fill("input[name=username]", "dora@example.net")
    page.fill("input[name=password]", CLIENT_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/portal/**")
    assert "/portal/login/" not in page.url
    page.goto("/portal/password/")
    assert_no_horizontal_scroll(page)

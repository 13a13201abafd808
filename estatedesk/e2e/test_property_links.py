"""An agent links a property to a contact with the search-as-you-type picker, and sees the
link from both sides."""

import pytest
from playwright.sync_api import expect

from estatedesk.contacts.tests.factories import ContactFactory
from estatedesk.properties.models import PropertyLink
from estatedesk.properties.tests.factories import PropertyFactory

pytestmark = pytest.mark.e2e


def test_agent_links_a_property_from_the_contact_page(logged_in, agent):
    page = logged_in
    contact = ContactFactory(owner=agent, first_name="Lotte", last_name="de Boer")
    wanted = PropertyFactory(owner=agent, reference="P-000777", street="Keizersgracht",
                             city="Amsterdam")  # fmt: skip
    PropertyFactory(owner=agent, reference="P-000778", street="Biltstraat", city="Utrecht")

    page.goto(f"{contact.get_absolute_url()}?tab=properties")
    options = page.locator("#id_property option")
    expect(options).to_have_count(2)
    # Typing narrows the choices without a page load.
    page.fill("#property-search", "keizers")
    expect(options).to_have_count(1)
    expect(options.first).to_contain_text("P-000777")
    page.select_option("#property-link-form select[name=role]", "interested")
    page.fill("#property-link-form input[name=note]", "Wants a second viewing")
    page.click("#property-link-form button[type=submit]")

    rows = page.locator("#record-properties tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("P-000777")
    expect(rows.first).to_contain_text("Interested")
    assert PropertyLink.objects.get().property_id == wanted.pk

    # The other side: the property's People tab lists Lotte under "Interested".
    page.click("#record-properties tbody tr a")
    page.get_by_role("tab", name="People").click()
    expect(page.locator("#people-interested")).to_contain_text("Lotte")

"""An agent filters the contact list by a category tree, opens a contact, converts a lead."""

import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from estatedesk.classification import services as classification_services
from estatedesk.classification.models import LeadSource
from estatedesk.contacts.choices import LeadStatus
from estatedesk.contacts.models import Contact
from estatedesk.contacts.tests.factories import ContactFactory, LeadFactory

pytestmark = pytest.mark.e2e


@pytest.fixture
def categories(agent):
    buyers = classification_services.category_create(actor=agent, name="Buyers")
    hot = classification_services.category_create(actor=agent, name="Hot buyers", parent=buyers)
    sellers = classification_services.category_create(actor=agent, name="Sellers")
    return {"buyers": buyers, "hot": hot, "sellers": sellers}


@pytest.fixture
def contacts(agent, categories):
    hot = categories["hot"]
    return {
        "hot": [
            ContactFactory(owner=agent, first_name="Anouk", last_name="Visser", categories=[hot]),
            ContactFactory(owner=agent, first_name="Daan", last_name="Mulder", categories=[hot]),
        ],
        "other": [
            ContactFactory(owner=agent, first_name="Sem", last_name="Bakker"),
            ContactFactory(owner=agent, first_name="Noor", last_name="Jong"),
            ContactFactory(
                owner=agent, first_name="Ruud", last_name="Kok", categories=[categories["sellers"]]
            ),
        ],
    }


@pytest.fixture
def qualified_lead(agent, office):
    return LeadFactory(
        owner=agent,
        first_name="Lotte",
        last_name="de Boer",
        status=LeadStatus.QUALIFIED,
        source=LeadSource.objects.get(office=office, name="Referral"),
        property_types=["apartment"],
        locations="Amsterdam, Haarlem",
        budget_min=Decimal("350000"),
        budget_max=Decimal("500000"),
        bedrooms=3,
        timeframe="3m",
        phones=["+31612345678"],
        emails=["lotte@example.org"],
    )


def table_names(page) -> list[str]:
    return sorted(page.locator("#contacts-table tbody tr td:first-child a").all_inner_texts())


def test_parent_category_filter_swaps_in_its_subcategory_contacts_without_reload(
    logged_in, live_server, categories, contacts
):
    page = logged_in
    # Given the contact list with every contact, and a marker a page reload would wipe out
    page.goto("/contacts/")
    expect(page.locator("#contacts-table tbody tr")).to_have_count(5)
    page.evaluate("window.__marker = 1")

    # When the agent ticks the parent category "Buyers" in the filter
    buyers = page.locator("#category-filter").get_by_label("Buyers", exact=True)
    expect(buyers).to_have_value(str(categories["buyers"].pk))
    with page.expect_response(
        lambda r: r.url.startswith(f"{live_server.url}/contacts/?") and "category=" in r.url
    ) as response_info:
        buyers.check()
    response = response_info.value

    # Then htmx fetched only the table, which now holds the contacts of "Hot buyers"
    assert response.request.headers.get("hx-request") == "true"
    assert response.request.headers.get("hx-target") == "record-table"
    expect(page.locator("#contacts-table tbody tr")).to_have_count(2)
    assert table_names(page) == ["Mulder, Daan", "Visser, Anouk"]
    expect(page.locator("#result-count").first).to_have_text("2 results")
    # … in the same document: no reload happened, and the URL was pushed for sharing
    assert page.evaluate("window.__marker") == 1
    assert f"category={categories['buyers'].pk}" in page.url
    expect(buyers).to_be_checked()

    # When the agent opens a contact from the filtered list
    anouk = contacts["hot"][0]
    page.get_by_role("link", name="Visser, Anouk").click()

    # Then its detail page shows the name
    expect(page).to_have_url(f"{live_server.url}{anouk.get_absolute_url()}")
    expect(page.locator("h1")).to_contain_text("Anouk Visser")


def test_converting_a_qualified_lead_lands_on_the_new_contact(
    logged_in, live_server, qualified_lead
):
    page = logged_in
    lead = qualified_lead
    # Given the lead's page, reached from the lead list
    page.goto("/leads/")
    page.get_by_role("link", name="Lotte de Boer").click()
    expect(page.locator("h1")).to_contain_text("Lotte de Boer")

    # When the agent converts it into a new contact
    page.locator("#convert-button").click()
    expect(page).to_have_url(f"{live_server.url}/leads/{lead.pk}/convert/")
    expect(page.locator("h1")).to_contain_text("Convert Lotte de Boer to a contact")
    page.locator("#convert-new").click()

    # Then the new contact's page shows the lead's name, phone and search profile
    expect(page).to_have_url(re.compile(rf"^{re.escape(live_server.url)}/contacts/\d+/$"))
    contact_pk = int(page.url.rstrip("/").rsplit("/", 1)[1])
    expect(page.get_by_role("status")).to_contain_text("The lead is now contact Lotte de Boer")
    expect(page.locator("h1")).to_contain_text("Lotte de Boer")
    panel = page.locator("#tab-panel")
    expect(panel).to_contain_text("+31 6 12345678")
    expect(panel).to_contain_text("lotte@example.org")
    expect(panel).to_contain_text("Referral")
    expect(panel.get_by_role("heading", name="Looking for")).to_be_visible()
    expect(panel).to_contain_text("From lead of")
    expect(panel).to_contain_text("Amsterdam, Haarlem")

    # … and in the database the lead is won and linked to that contact
    lead.refresh_from_db()
    assert lead.status == LeadStatus.WON
    assert lead.converted_contact_id == contact_pk
    assert lead.converted_at is not None
    contact = Contact.objects.get(pk=contact_pk)
    assert contact.search_profiles.get().from_lead_id == lead.pk


def test_lead_matching_a_contact_by_email_is_merged_into_it(logged_in, live_server, agent):
    page = logged_in
    # Given a contact, and a qualified lead with the same e-mail address in other letter case
    contact = ContactFactory(
        owner=agent, first_name="Eva", last_name="Smit", emails=["eva.smit@example.org"]
    )
    lead = LeadFactory(
        owner=agent,
        first_name="Eva",
        last_name="Smit-Jansen",
        status=LeadStatus.QUALIFIED,
        emails=["Eva.Smit@example.org"],
        phones=["+31687654321"],
    )

    # When the agent opens the conversion screen
    page.goto(f"/leads/{lead.pk}/")
    page.locator("#convert-button").click()

    # Then it offers to merge into the matching contact
    match = page.locator(f"#match-{contact.pk}")
    expect(match).to_contain_text("eva.smit@example.org")
    merge = page.get_by_role("button", name="Merge into Eva Smit")
    expect(merge).to_be_visible()
    expect(page.locator("#convert-new")).to_be_visible()

    # When the agent merges
    merge.click()

    # Then they land on that contact, which gained the lead's phone, and nothing new was made
    expect(page).to_have_url(f"{live_server.url}{contact.get_absolute_url()}")
    expect(page.get_by_role("status")).to_contain_text("The lead was merged into Eva Smit")
    expect(page.locator("#tab-panel")).to_contain_text("+31 6 87654321")
    lead.refresh_from_db()
    assert lead.status == LeadStatus.WON
    assert lead.converted_contact_id == contact.pk
    assert Contact.objects.count() == 1

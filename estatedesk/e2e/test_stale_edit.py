"""An agent saves a contact a colleague changed while she had it open: she sees what the
colleague changed, keeps her input, and saves it again on purpose (keeping theirs too)."""

import os

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from estatedesk.contacts.models import Contact
from estatedesk.contacts.tests.factories import ContactFactory

pytestmark = pytest.mark.e2e


def test_agent_sees_a_colleagues_change_and_reapplies_hers(logged_in, agent):
    page = logged_in
    contact = ContactFactory(owner=agent, first_name="Lotte", last_name="de Boer")
    page.goto(f"{contact.get_absolute_url().rstrip('/')}/edit/")
    page.fill("#id_first_name", "Charlotte")

    # Meanwhile a colleague saves a new last name.
    Contact.objects.filter(pk=contact.pk).update(last_name="Bakker", updated_at=timezone.now())
    page.click("#record-form button[type=submit]")

    conflict = page.locator("#edit-conflict")
    expect(conflict).to_contain_text("Bakker")
    expect(conflict).to_contain_text("de Boer")
    expect(page.locator("#id_first_name")).to_have_value("Charlotte")
    shots = os.environ.get("ESTATEDESK_E2E_SHOTS")
    if shots:
        page.screenshot(path=f"{shots}/stale-edit-desktop.png", full_page=True)
        page.set_viewport_size({"width": 390, "height": 844})
        page.screenshot(path=f"{shots}/stale-edit-390.png", full_page=True)

    page.click("#record-form button[type=submit]")
    expect(page.locator("#edit-conflict")).to_have_count(0)
    contact.refresh_from_db()
    assert contact.first_name == "Charlotte"
    assert contact.last_name == "Bakker"

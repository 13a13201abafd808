"""Clicking through the web client under its Content-Security-Policy: the browser reports no
violation, and what used to be inline script (tabs, click-to-log, folded filters, confirm
before delete) still works from the static script."""

import pytest
from playwright.sync_api import expect

from estatedesk.activities.tests.factories import TaskFactory
from estatedesk.contacts.tests.factories import ContactFactory

pytestmark = pytest.mark.e2e


@pytest.fixture
def violations(logged_in):
    """What the browser says about the policy while the test runs (it logs each violation)."""
    found: list[str] = []
    logged_in.on(
        "console",
        lambda message: "Content Security Policy" in message.text and found.append(message.text),
    )
    return found


def test_an_agent_clicks_through_without_a_policy_violation(logged_in, agent, violations):
    page = logged_in
    contact = ContactFactory(
        owner=agent, first_name="Sanne", last_name="Dekker", phones=["+31612345678"]
    )

    # The list, searched through htmx
    page.goto("/contacts/")
    with page.expect_response(lambda r: "q=Sanne" in r.url):
        page.fill("#id_q", "Sanne")
    expect(page.get_by_role("link", name="Dekker, Sanne")).to_be_visible()

    # A contact's tabs, loaded by htmx: the clicked one becomes the selected one
    page.goto(contact.get_absolute_url())
    history_tab = page.get_by_role("tab", name="History")
    history_tab.click()
    expect(history_tab).to_have_attribute("aria-selected", "true")
    expect(page.get_by_role("tab", name="Details")).to_have_attribute("aria-selected", "false")
    expect(page.locator("#quick-log")).to_be_visible()

    # Click-to-contact on the details tab opens the History tab's quick form as well
    page.get_by_role("tab", name="Details").click()
    link = page.locator("a[data-log-url]").first
    link.evaluate("a => a.addEventListener('click', e => e.preventDefault())")  # no tel: handler
    with page.expect_response(lambda r: "log=call" in r.url):
        link.click()
    expect(page.locator("#quick-log")).to_be_visible()

    for path in ("/leads/", "/relations/", "/properties/", "/deals/", "/categories/",
                 "/tasks/", "/calendar/", "/api/tokens/"):  # fmt: skip
        page.goto(path)
        page.wait_for_load_state("load")

    assert violations == []


def test_deleting_a_task_asks_first(logged_in, agent, violations):
    page = logged_in
    task = TaskFactory(record=ContactFactory(owner=agent), title="Call the notary")
    page.goto(task.get_absolute_url())

    # When the agent declines the question, the task stays
    page.once("dialog", lambda dialog: dialog.dismiss())
    page.get_by_role("button", name="Delete task").click()
    expect(page.get_by_role("button", name="Delete task")).to_be_visible()
    assert page.url.endswith(task.get_absolute_url())
    assert violations == []


def test_filters_start_folded_on_a_phone(logged_in, violations):
    page = logged_in
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/contacts/")

    expect(page.locator("details.filter-panel")).not_to_have_attribute("open", "")
    assert violations == []

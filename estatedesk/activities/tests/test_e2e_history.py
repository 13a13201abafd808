"""In headless Chromium: an agent logs a call from a contact's page without a reload, pages
through the history, and ticks off a task on "My tasks"."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from estatedesk.activities.models import Activity, Task
from estatedesk.activities.selectors import TIMELINE_PAGE
from estatedesk.contacts.tests.factories import ContactFactory

from .factories import ActivityFactory, TaskFactory

pytestmark = pytest.mark.e2e


@pytest.fixture
def contact(agent):
    return ContactFactory(owner=agent, first_name="Sanne", last_name="Vos",
                          phones=["+31687654321"], emails=["sanne@example.org"])  # fmt: skip


def test_logging_a_call_from_the_contact_page_adds_it_without_reload(logged_in, contact):
    page = logged_in
    ActivityFactory(records=[contact], subject="Earlier call",
                    occurred_at=timezone.now() - timedelta(days=3))  # fmt: skip
    page.goto(contact.get_absolute_url())
    page.evaluate("window.__marker = 1")

    # When the agent clicks "log call" next to the phone number
    page.locator(".log-link").first.click()

    # Then the History tab shows, with the quick form open and set to a call
    form = page.locator("#quick-log-form")
    expect(form).to_be_visible()
    expect(form.locator('input[name="kind"][value="call"]')).to_be_checked()
    expect(page.locator("#timeline-items")).to_contain_text("Earlier call")

    # When they note the outcome and log it
    form.locator('select[name="outcome"]').select_option("connected")
    form.locator('textarea[name="body"]').fill("Wants to see the house on Saturday")
    form.locator("#quick-log-submit").click()

    # Then it is on top of the timeline, the form is empty again, and there was no reload
    first = page.locator("#timeline-items > li").first
    expect(first).to_contain_text("Wants to see the house on Saturday")
    expect(first).to_contain_text("Connected")
    expect(page.locator('#quick-log-form textarea[name="body"]')).to_have_value("")
    expect(page.locator("#last-contacted")).not_to_contain_text("Never")
    assert page.evaluate("window.__marker") == 1
    assert Activity.objects.filter(body="Wants to see the house on Saturday").exists()


def test_load_more_appends_older_activities(logged_in, contact):
    page = logged_in
    now = timezone.now()
    for i in range(TIMELINE_PAGE + 3):
        ActivityFactory(records=[contact], subject=f"Call {i:02d}",
                        occurred_at=now - timedelta(hours=i))  # fmt: skip
    page.goto(f"{contact.get_absolute_url()}?tab=history")
    items = page.locator("#timeline-items > li.activity")
    expect(items).to_have_count(TIMELINE_PAGE)
    page.get_by_role("button", name="Load more").click()
    expect(items).to_have_count(TIMELINE_PAGE + 3)
    expect(items.last).to_contain_text(f"Call {TIMELINE_PAGE + 2:02d}")
    expect(page.get_by_role("button", name="Load more")).to_have_count(0)


def test_ticking_off_a_task_on_my_tasks(logged_in, agent, contact):
    page = logged_in
    task = TaskFactory(record=contact, title="Send the floor plans",
                       due_at=timezone.now() - timedelta(hours=2))  # fmt: skip
    page.goto("/tasks/")
    expect(page.locator("#open-task-count")).to_have_text("1")
    row = page.locator(f"#task-{task.pk}")
    expect(page.locator("#tasks-overdue")).to_contain_text("Send the floor plans")

    row.get_by_role("button", name="Mark done: Send the floor plans").click()

    expect(page.locator(f"#task-{task.pk}.task-done")).to_be_visible()
    task.refresh_from_db()
    assert task.is_done
    assert Task.objects.open().count() == 0

"""Converting a lead (into a new contact or merged into an existing one) keeps every activity
and task: the contact's timeline and tasks show them, and the lead keeps its history too."""

import pytest
from django.urls import reverse

from estatedesk.activities.models import Activity, Task
from estatedesk.activities.selectors import record_tasks, timeline
from estatedesk.contacts.conversion import lead_convert
from estatedesk.contacts.tests.factories import ContactFactory, LeadFactory

from .factories import ActivityFactory, TaskFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def lead(alice):
    lead = LeadFactory(owner=alice, first_name="Lotte", last_name="de Boer",
                       emails=["lotte@example.org"])  # fmt: skip
    ActivityFactory(records=[lead], subject="First call")
    ActivityFactory(records=[lead], kind="note", subject="Budget", body="Up to 450k")
    TaskFactory(record=lead, title="Send listings")
    return lead


def subjects(record, user) -> set[str]:
    return {a.subject for a in timeline(record, user).items}


def test_conversion_moves_activities_and_tasks_to_the_new_contact(alice, lead, as_alice):
    contact = lead_convert(lead=lead, actor=alice)

    assert subjects(contact, alice) == {"First call", "Budget"}
    assert subjects(lead, alice) == {"First call", "Budget"}
    assert [t.title for t in record_tasks(contact, alice)] == ["Send listings"]
    assert Task.objects.get().contact == contact
    assert Activity.objects.count() == 2
    tab = as_alice.get(contact.get_absolute_url(), {"tab": "history"}).content.decode()
    assert "First call" in tab
    assert "Send listings" in tab


def test_conversion_through_the_web_keeps_the_history(alice, lead, as_alice):
    response = as_alice.post(reverse("contacts:lead_convert", args=[lead.pk]))
    assert response.status_code == 302
    lead.refresh_from_db()
    assert subjects(lead.converted_contact, alice) == {"First call", "Budget"}


def test_merging_into_an_existing_contact_keeps_both_histories(alice, lead):
    existing = ContactFactory(owner=alice, emails=["lotte@example.org"])
    ActivityFactory(records=[existing], subject="Old viewing")
    TaskFactory(record=existing, title="Old task")

    contact = lead_convert(lead=lead, actor=alice, merge_into=existing)

    assert contact == existing
    assert subjects(contact, alice) == {"First call", "Budget", "Old viewing"}
    assert {t.title for t in record_tasks(contact, alice)} == {"Send listings", "Old task"}


def test_an_activity_already_on_the_contact_is_not_linked_twice(alice, lead):
    existing = ContactFactory(owner=alice, emails=["lotte@example.org"])
    ActivityFactory(records=[lead, existing], subject="Together")

    lead_convert(lead=lead, actor=alice, merge_into=existing)

    items = timeline(existing, alice).items
    assert [a.subject for a in items].count("Together") == 1

"""The Changes tab and the changes endpoint run a constant number of queries however many
entries and foreign keys a page shows, and a save pays a pinned, small price for its history
(core/testing/query_budgets.json)."""

import pytest
from auditlog.context import disable_auditlog
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from estatedesk.classification.models import LeadSource
from estatedesk.contacts import services
from estatedesk.contacts.tests.factories import ContactFactory
from estatedesk.core.testing.query_budgets import assert_page_budget, assert_query_budget

pytestmark = pytest.mark.django_db


@pytest.fixture
def edited_contact(office, admin, alice, bob):
    """A contact saved 30 times, changing its owner, source, phones and a plain field."""
    contact = ContactFactory(owner=alice, first_name="Sanne", last_name="Visser")
    sources = [LeadSource.objects.create(office=office, name=f"Source {n}") for n in range(3)]
    for n in range(30):
        contact.owner = (alice, bob)[n % 2]
        contact.source = sources[n % 3]
        contact.nickname = f"nick {n}"
        phones = [services.PhoneIn(number=f"+3161234{n:04d}")]
        services.record_save(record=contact, actor=admin, phones=phones)
    return contact


def test_changes_tab_query_budget(as_alice, edited_contact):
    url = reverse("contacts:contact_detail", args=[edited_contact.pk])
    response = assert_page_budget(as_alice, "tab:history:contact_changes", url, {"tab": "changes"})
    assert len(response.context["change_rows"]) == 25


def test_changes_endpoint_query_budget(alice_api, edited_contact):
    url = f"/api/contacts/{edited_contact.pk}/changes/"
    response = assert_page_budget(alice_api, "api:contact-changes", url)
    assert len(response.json()["results"]) == 25


def _edit(contact, alice, nickname: str) -> None:
    contact.nickname = nickname
    services.record_save(
        record=contact, actor=alice, phones=[services.PhoneIn(number="+31612345678")],
        emails=[services.EmailIn(email="sanne@example.org")],
    )  # fmt: skip


def test_history_adds_two_queries_to_an_edit(alice):
    """An edit that changes a field but not the phones or e-mails: the stored row is read once
    more (auditlog's diff) and one entry is written; the unchanged phones and e-mails are read
    and not rewritten (before, they were deleted and inserted again on every save)."""
    contact = ContactFactory(owner=alice, last_name="Visser")
    _edit(contact, alice, "first")
    with disable_auditlog(), CaptureQueriesContext(connection) as without:
        _edit(contact, alice, "second")
    with assert_query_budget("save:contacts:contact_edit") as with_history:
        _edit(contact, alice, "third")
    assert len(with_history) == len(without) + 2

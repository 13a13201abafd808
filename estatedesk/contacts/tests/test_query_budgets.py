"""The lead, contact and relation lists and pages, their API lists and lead conversion run
exactly their pinned number of queries (core/testing/query_budgets.json).

An office with a few of everything a row shows (phones, e-mails, categories, a source, contact
persons, custom values, of two owners), so that a query per row would show.
"""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from estatedesk.api.services import token_create
from estatedesk.classification.models import LeadSource
from estatedesk.classification.tests.factories import CategoryFactory
from estatedesk.contacts.models import ContactPerson
from estatedesk.core.choices import Visibility
from estatedesk.core.models import CustomField
from estatedesk.core.testing.query_budgets import assert_page_budget, assert_query_budget

from .factories import ContactFactory, LeadFactory, RelationFactory

pytestmark = pytest.mark.django_db

ROWS = 4


def token_client(user) -> APIClient:
    """An API client sending the user's token, as an integration does."""
    _token, key = token_create(actor=user, name="budget")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    return client


@pytest.fixture
def records(office, alice, bob):
    """(leads, contacts, relations) of Alice and Bob, each with what its row shows."""
    for target in ("lead", "contact", "relation"):
        CustomField.objects.create(office=office, target=target, key="campaign",
                                   label="Campaign", field_type="text")  # fmt: skip
    parent = CategoryFactory(owner=alice, name="Buyers")
    hot = CategoryFactory(owner=alice, name="Hot", parent=parent)
    cold = CategoryFactory(owner=alice, name="Cold", parent=parent)
    bobs = CategoryFactory(owner=bob, name="Bob's")
    sources = list(LeadSource.objects.filter(office=office))
    made: dict[str, list] = {"lead": [], "contact": [], "relation": []}
    for i in range(ROWS):
        common = {
            "owner": alice if i % 2 == 0 else bob,
            "visibility": Visibility.PERSONAL if i == 0 else Visibility.OFFICE,
            "phones": [f"+3161234{i:04d}", f"+3120123{i:04d}"],
            "emails": [f"row{i}@example.org", f"row{i}@work.example"],
            "categories": [hot if i % 2 else cold, bobs],
            "source": sources[i % len(sources)],
            "custom_fields": {"campaign": f"spring-{i}"},
        }
        contacted = timezone.now() - timedelta(days=i)
        made["lead"].append(LeadFactory(**common, last_contacted_at=contacted))
        made["contact"].append(ContactFactory(**common, last_contacted_at=contacted))
        relation = RelationFactory(**common)
        manager = ContactFactory(owner=common["owner"])
        for role, contact in (("finance", made["contact"][i]), ("sales_manager", manager)):
            ContactPerson.objects.create(office=office, relation=relation, role=role,
                                         contact=contact, is_primary=role == "finance")  # fmt: skip
        made["relation"].append(relation)
    return made


@pytest.mark.parametrize("kind", ["lead", "contact", "relation"])
def test_list_page_query_budget(as_alice, records, kind):
    response = assert_page_budget(as_alice, f"page:contacts:{kind}_list",
                                  reverse(f"contacts:{kind}_list"))  # fmt: skip
    assert all(r.get_absolute_url() in response.content.decode() for r in records[kind])


@pytest.mark.parametrize("kind", ["lead", "contact", "relation"])
def test_detail_page_query_budget(as_alice, records, kind):
    record = records[kind][0]
    assert_page_budget(as_alice, f"page:contacts:{kind}_detail", record.get_absolute_url())


@pytest.mark.parametrize("kind", ["lead", "contact", "relation"])
def test_api_list_query_budget(alice, records, kind):
    response = assert_page_budget(token_client(alice), f"api:{kind}-list",
                                  reverse(f"api:{kind}-list"))  # fmt: skip
    assert len(response.json()["results"]) >= ROWS


def test_lead_conversion_query_budget(as_alice, records):
    lead = records["lead"][0]
    url = reverse("contacts:lead_convert", args=[lead.pk])
    as_alice.get(url)  # the page one converts from, as a user would see it first
    with assert_query_budget("post:contacts:lead_convert"):
        response = as_alice.post(url)
    assert response.status_code == 302
    lead.refresh_from_db()
    assert lead.converted_contact_id


def test_api_lead_conversion_query_budget(alice, records):
    client = token_client(alice)
    lead = records["lead"][0]
    client.get(reverse("api:lead-matches", args=[lead.pk]))  # the call one converts after
    with assert_query_budget("post:api:lead-convert"):
        response = client.post(reverse("api:lead-convert", args=[lead.pk]), {}, format="json")
    assert response.status_code == 201

"""The property and project lists and pages, and the property and property-link API lists,
run exactly their pinned number of queries (core/testing/query_budgets.json).

Properties of two agents, in projects, with photos and people linked in several roles, so
that a query per row, photo or link would show.
"""

from decimal import Decimal

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from estatedesk.api.services import token_create
from estatedesk.contacts.tests.factories import ContactFactory, LeadFactory, RelationFactory
from estatedesk.core.choices import Visibility
from estatedesk.core.testing.query_budgets import assert_page_budget
from estatedesk.properties import services

from .factories import ProjectFactory, PropertyFactory, image_upload

pytestmark = pytest.mark.django_db

ROWS = 4


def token_client(user) -> APIClient:
    """An API client sending the user's token, as an integration does."""
    _token, key = token_create(actor=user, name="budget")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    return client


@pytest.fixture
def listings(alice, bob):
    """(properties, projects): each property in a project, with photos and linked people."""
    projects, properties = [], []
    for i in range(ROWS):
        owner = alice if i % 2 == 0 else bob
        visibility = Visibility.PERSONAL if i == 0 else Visibility.OFFICE
        project = ProjectFactory(owner=owner, visibility=visibility, name=f"Harbour {i}")
        price = Decimal(400000 + i * 25000)
        prop = PropertyFactory(owner=owner, visibility=visibility, project=project,
                               asking_price=price, bedrooms=i + 1)  # fmt: skip
        for _ in range(2):
            services.photo_add(property=prop, actor=owner, upload=image_upload())
        seller = ContactFactory(owner=owner, phones=[f"+3161200{i:04d}"])
        services.property_link_add(property=prop, actor=owner, role="seller", contact=seller)
        services.property_link_add(property=prop, actor=owner, role="interested",
                                   lead=LeadFactory(owner=owner))  # fmt: skip
        services.property_link_add(property=prop, actor=owner, role="interested",
                                   relation=RelationFactory(owner=owner))  # fmt: skip
        for role in ("architect", "sales_manager"):
            services.project_person_add(project=project, contact=seller, role=role, actor=owner)
        projects.append(project)
        properties.append(prop)
    return properties, projects


@pytest.mark.parametrize("kind", ["property", "project"])
def test_list_page_query_budget(as_alice, listings, kind):
    rows = listings[0] if kind == "property" else listings[1]
    response = assert_page_budget(as_alice, f"page:properties:{kind}_list",
                                  reverse(f"properties:{kind}_list"))  # fmt: skip
    assert all(row.get_absolute_url() in response.content.decode() for row in rows)


@pytest.mark.parametrize("kind", ["property", "project"])
def test_detail_page_query_budget(as_alice, listings, kind):
    record = listings[0][0] if kind == "property" else listings[1][0]
    assert_page_budget(as_alice, f"page:properties:{kind}_detail", record.get_absolute_url())


@pytest.mark.parametrize("name", ["property", "property-link"])
def test_api_list_query_budget(alice, listings, name):
    response = assert_page_budget(token_client(alice), f"api:{name}-list",
                                  reverse(f"api:{name}-list"))  # fmt: skip
    assert len(response.json()["results"]) >= ROWS

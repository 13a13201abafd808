"""Setup's users, a user's page, the lead sources and custom fields, and the custom-field API
list run exactly their pinned number of queries (core/testing/query_budgets.json).

An office of several users with custom fields on every record type, so that a query per user
or field would show.
"""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from estatedesk.api.services import token_create
from estatedesk.core import services as core_services
from estatedesk.core.testing.query_budgets import assert_page_budget

from .factories import UserFactory

pytestmark = pytest.mark.django_db


def token_client(user) -> APIClient:
    """An API client sending the user's token, as an integration does."""
    _token, key = token_create(actor=user, name="budget")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    return client


@pytest.fixture
def setup_office(office, admin, alice, bob):
    for i in range(3):
        UserFactory(office=office, full_name=f"Agent {i}")
    for target in ("lead", "contact", "relation"):
        for key, field_type in (("campaign", "text"), ("budget", "number"), ("since", "date")):
            core_services.custom_field_create(actor=admin, target=target, key=key,
                                              label=key.title(), field_type=field_type)  # fmt: skip
    return office


@pytest.mark.parametrize("name", ["users", "sources", "fields"])
def test_setup_list_page_query_budget(as_admin, setup_office, name):
    assert_page_budget(as_admin, f"page:setup:{name}", reverse(f"setup:{name}"))


def test_user_page_query_budget(as_admin, setup_office, alice):
    assert_page_budget(as_admin, "page:setup:user_detail",
                       reverse("setup:user_detail", args=[alice.pk]))  # fmt: skip


def test_api_list_query_budget(alice, setup_office):
    response = assert_page_budget(token_client(alice), "api:custom-field-list",
                                  reverse("api:custom-field-list"))  # fmt: skip
    assert len(response.json()["results"]) == 9

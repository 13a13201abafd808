"""The category tree and the category and lead-source API lists run exactly their pinned
number of queries (core/testing/query_budgets.json).

A tree two levels deep of two agents, and the office's default sources plus a few, so that a
query per category or source would show.
"""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from estatedesk.api.services import token_create
from estatedesk.classification import services
from estatedesk.core.testing.query_budgets import assert_page_budget

pytestmark = pytest.mark.django_db


def token_client(user) -> APIClient:
    """An API client sending the user's token, as an integration does."""
    _token, key = token_create(actor=user, name="budget")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    return client


@pytest.fixture
def trees(alice, bob, admin):
    for user in (alice, bob):
        for top in ("Buyers", "Sellers", "Suppliers"):
            parent = services.category_create(actor=user, name=top)
            for child in ("Hot", "Warm", "Cold"):
                services.category_create(actor=user, name=f"{top} {child}", parent=parent)
    for name in ("Open house", "Newspaper", "Instagram"):
        services.lead_source_create(actor=admin, name=name)


def test_category_tree_query_budget(as_alice, trees):
    response = assert_page_budget(as_alice, "page:classification:category_tree",
                                  reverse("classification:category_tree"))  # fmt: skip
    assert "Suppliers Cold" in response.content.decode()


@pytest.mark.parametrize("name", ["category", "lead-source"])
def test_api_list_query_budget(alice, trees, name):
    response = assert_page_budget(token_client(alice), f"api:{name}-list",
                                  reverse(f"api:{name}-list"))  # fmt: skip
    assert len(response.json()) >= 8

"""The deal list, the board, a deal's page, the pipeline Setup page and the deal and stage API
lists run exactly their pinned number of queries (core/testing/query_budgets.json).

Deals of two agents across the stages, each with a property, a buyer and a seller (person or
company), commission splits and a history, so that a query per deal would show.
"""

from decimal import Decimal

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from estatedesk.api.services import token_create
from estatedesk.contacts.tests.factories import ContactFactory, RelationFactory
from estatedesk.core.choices import Visibility
from estatedesk.core.testing.query_budgets import assert_page_budget
from estatedesk.deals import services
from estatedesk.deals.services import SplitIn

from .factories import DealFactory, make_property, stage

pytestmark = pytest.mark.django_db

STAGES = ["New", "Viewing", "Offer", "Negotiation"]


def token_client(user) -> APIClient:
    """An API client sending the user's token, as an integration does."""
    _token, key = token_create(actor=user, name="budget")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    return client


@pytest.fixture
def deals(alice, bob):
    made = []
    for i, name in enumerate(STAGES):
        owner = alice if i % 2 == 0 else bob
        deal = DealFactory(
            owner=owner, visibility=Visibility.PERSONAL if i == 0 else Visibility.OFFICE,
            title=f"Sale {i}", value=Decimal(300000 + i * 10000), property=make_property(owner),
            buyer_contact=ContactFactory(owner=owner),
            seller_relation=RelationFactory(owner=owner) if i % 2 else None,
            seller_contact=None if i % 2 else ContactFactory(owner=owner),
        )  # fmt: skip
        deal = services.deal_save(deal=deal, actor=owner, splits=[
            SplitIn(agent=alice, share=Decimal(60)), SplitIn(agent=bob, share=Decimal(40)),
        ])  # fmt: skip
        if name != "New":
            deal = services.deal_move(deal=deal, stage=stage(owner.office, name), actor=owner)
        made.append(deal)
    return made


@pytest.mark.parametrize("name", ["deal_list", "board"])
def test_list_page_query_budget(as_alice, deals, name):
    response = assert_page_budget(as_alice, f"page:deals:{name}", reverse(f"deals:{name}"))
    assert all(deal.title in response.content.decode() for deal in deals)


def test_detail_page_query_budget(as_alice, deals):
    assert_page_budget(as_alice, "page:deals:deal_detail", deals[0].get_absolute_url())


def test_stage_setup_page_query_budget(as_admin, deals):
    assert_page_budget(as_admin, "page:deals:stages", reverse("deals:stages"))


@pytest.mark.parametrize("name", ["deal", "pipeline-stage"])
def test_api_list_query_budget(alice, deals, name):
    response = assert_page_budget(token_client(alice), f"api:{name}-list",
                                  reverse(f"api:{name}-list"))  # fmt: skip
    assert len(response.json()["results"]) >= len(deals)

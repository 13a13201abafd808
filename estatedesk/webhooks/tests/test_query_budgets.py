"""The webhooks' Setup list and a webhook's deliveries run exactly their pinned number of
queries (core/testing/query_budgets.json)."""

import pytest
from django.urls import reverse

from estatedesk.core.testing.query_budgets import assert_page_budget
from estatedesk.webhooks.choices import DeliveryStatus
from estatedesk.webhooks.models import Delivery

from .factories import WebhookFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def hooks(office, admin):
    made = [WebhookFactory(office=office, created_by=admin, url=f"https://hooks{i}.example.com/")
            for i in range(3)]  # fmt: skip
    for i, status in enumerate([DeliveryStatus.GAVE_UP, DeliveryStatus.PENDING] * 2):
        Delivery.objects.create(office=office, webhook=made[0], event="lead.created",
                                payload={"id": i}, status=status)  # fmt: skip
    return made


def test_webhook_list_query_budget(as_admin, hooks):
    assert_page_budget(as_admin, "page:webhooks:list", reverse("webhooks:list"))


def test_deliveries_page_query_budget(as_admin, hooks):
    assert_page_budget(as_admin, "page:webhooks:deliveries",
                       reverse("webhooks:deliveries", args=[hooks[0].pk]))  # fmt: skip

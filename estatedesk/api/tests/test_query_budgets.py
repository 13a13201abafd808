"""The API token page runs exactly its pinned number of queries
(core/testing/query_budgets.json). (The API lists are pinned in the apps that own them.)"""

import pytest
from django.urls import reverse

from estatedesk.api.services import token_create
from estatedesk.core.testing.query_budgets import assert_page_budget

pytestmark = pytest.mark.django_db


def test_token_page_query_budget(alice, as_alice):
    for name in ("Zapier", "Website", "Spreadsheet"):
        token_create(actor=alice, name=name)
    response = assert_page_budget(as_alice, "page:api:tokens", reverse("api:tokens"))
    assert "Spreadsheet" in response.content.decode()

"""The capture forms' Setup list and a form's page run exactly their pinned number of queries
(core/testing/query_budgets.json)."""

import pytest
from django.urls import reverse

from estatedesk.capture import services
from estatedesk.capture.choices import Assignment
from estatedesk.contacts.tests.factories import LeadFactory
from estatedesk.core.testing.query_budgets import assert_page_budget

pytestmark = pytest.mark.django_db


@pytest.fixture
def forms(admin, alice, bob, website):
    fields = ["first_name", "last_name", "email", "message"]
    made = [
        services.lead_form_save(
            actor=admin,
            name=f"Form {i}",
            fields=fields,
            required_fields=["email"],
            source=website,
            assignment=Assignment.ROUND_ROBIN,
            agents=[alice, bob],
        )
        for i in range(3)
    ]
    for i in range(4):
        LeadFactory(owner=alice if i % 2 else bob, source=website)
    return made


def test_form_list_query_budget(as_admin, forms):
    assert_page_budget(as_admin, "page:capture:form_list", reverse("capture:form_list"))


def test_form_page_query_budget(as_admin, forms):
    assert_page_budget(as_admin, "page:capture:form_detail",
                       reverse("capture:form_detail", args=[forms[0].pk]))  # fmt: skip

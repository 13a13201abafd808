"""Every URL of a personal record: the owner gets in, everyone else gets a 404 (or login)."""

import pytest
from django.test import Client
from django.urls import reverse

from estatedesk.contacts.tests.factories import ContactFactory, LeadFactory, RelationFactory
from estatedesk.core.choices import Visibility
from estatedesk.core.testing.matrix import record_routes

pytestmark = pytest.mark.django_db

FACTORIES = {"lead": LeadFactory, "contact": ContactFactory, "relation": RelationFactory}
CASES = [(model, route) for model in FACTORIES for route in record_routes(model)]


def call(client: Client, route, pk: int):
    url = reverse(route.name, args=[pk])
    return getattr(client, route.method)(url, route.data or {})


@pytest.mark.parametrize(("model", "route"), CASES, ids=lambda v: getattr(v, "name", v))
def test_personal_record_urls_answer_by_persona(model, route, alice, as_alice, as_bob, as_carol,
                                                as_admin, client):  # fmt: skip
    record = FACTORIES[model](owner=alice, visibility=Visibility.PERSONAL)

    anonymous = call(client, route, record.pk)
    assert anonymous.status_code == 302
    assert reverse("accounts:login") in anonymous["Location"]
    # Colleague, administrator (personal means personal) and another office: as if absent.
    for other in (as_bob, as_admin, as_carol):
        assert call(other, route, record.pk).status_code == 404
    assert call(as_alice, route, record.pk).status_code in (200, 302)


@pytest.mark.parametrize(("model", "route"), CASES, ids=lambda v: getattr(v, "name", v))
def test_office_record_urls_are_closed_to_other_offices(model, route, alice, as_carol, as_bob):
    record = FACTORIES[model](owner=alice, visibility=Visibility.OFFICE)
    assert call(as_carol, route, record.pk).status_code == 404
    # A colleague reaches it; only owner-level actions (delete, share) are refused outright.
    expected = (403,) if route.name.endswith(("_delete", "_share")) else (200, 302)
    assert call(as_bob, route, record.pk).status_code in expected

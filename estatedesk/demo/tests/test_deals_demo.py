"""The demo deals are made through the services: spread over the pipeline, with history."""

import pytest

from estatedesk.accounts.choices import Role
from estatedesk.accounts.tests.factories import UserFactory
from estatedesk.contacts.tests.factories import ContactFactory, RelationFactory
from estatedesk.deals.models import Deal
from estatedesk.deals.tests.factories import make_property
from estatedesk.demo import deals as demo

pytestmark = pytest.mark.django_db


def test_demo_deals_spread_over_the_pipeline(office, admin, alice, bob):
    for agent in (alice, bob):
        for _ in range(5):
            ContactFactory(owner=agent)
        RelationFactory(owner=agent)
    make_property(alice)

    made = demo.load(office=office, users=[admin, alice, bob], seed=1)

    deals = Deal.objects.filter(office=office)
    assert made == {"deals": 15} == {"deals": deals.count()}
    assert {d.stage.name for d in deals} == {"New", "Viewing", "Offer", "Negotiation", "Won",
                                             "Lost"}  # fmt: skip
    assert all(d.lost_reason for d in deals if d.status == "lost")
    assert all(d.closed_at for d in deals if d.status != "open")
    assert all(d.events.exists() for d in deals)
    assert deals.filter(property__isnull=False).exists()
    assert not deals.filter(owner__role=Role.ADMIN).exists()


def test_demo_works_without_contacts_or_properties(office):
    agent = UserFactory(office=office)
    assert demo.load(office=office, users=[agent], seed=2) == {"deals": 15}

"""Through the deals endpoints, a colleague's personal deals and another office's deals do not
exist: they answer 404 (also to their moves and history), and lists leave them out."""

import pytest

from estatedesk.core.choices import Visibility
from estatedesk.core.testing.api import assert_reachable, assert_unreachable
from estatedesk.deals.tests.factories import DealFactory, stage


def make_deal(owner, visibility):
    return DealFactory(owner=owner, visibility=visibility)


RESOURCES = {
    "deals": (make_deal, {"title": "Changed"}),
}


@pytest.mark.parametrize("resource", RESOURCES)
def test_colleague_cannot_reach_personal_record(resource, alice, bob, bob_api):
    make, change = RESOURCES[resource]
    obj = make(alice, Visibility.PERSONAL)

    assert_unreachable(bob_api, resource, obj, change, put=True)


@pytest.mark.parametrize("resource", RESOURCES)
def test_other_office_cannot_reach_office_record(resource, alice, carol, carol_api):
    make, change = RESOURCES[resource]
    obj = make(alice, Visibility.OFFICE)

    assert_unreachable(carol_api, resource, obj, change, put=False)


@pytest.mark.parametrize("resource", RESOURCES)
def test_colleague_sees_office_record(resource, alice, bob, bob_api):
    make, _change = RESOURCES[resource]
    obj = make(alice, Visibility.OFFICE)

    assert_reachable(bob_api, resource, obj)


def test_actions_on_invisible_records_are_404(alice, bob, bob_api):
    deal = make_deal(alice, Visibility.PERSONAL)
    offer = stage(alice.office, "Offer")

    assert bob_api.post(f"/api/deals/{deal.pk}/move/", {"stage": offer.pk},
                        format="json").status_code == 404  # fmt: skip
    assert bob_api.get(f"/api/deals/{deal.pk}/events/").status_code == 404
    deal.refresh_from_db()
    assert deal.stage_id != offer.pk


def test_pipeline_stages_are_the_offices_own(alice, carol, carol_api):
    alice_stage = stage(alice.office, "Offer")
    rows = carol_api.get("/api/pipeline-stages/").json()["results"]
    assert alice_stage.pk not in {r["id"] for r in rows}
    assert [r["name"] for r in rows] == ["New", "Viewing", "Offer", "Negotiation", "Won", "Lost"]
    assert carol_api.get(f"/api/pipeline-stages/{alice_stage.pk}/").status_code == 404

"""Deals and pipeline stages through the API: deal_save and deal_move do the writes,
DealFilterSet the list; every move is in the deal's history."""

from decimal import Decimal

import pytest

from estatedesk.contacts.tests.factories import ContactFactory
from estatedesk.core.choices import Visibility
from estatedesk.core.testing.api import result_ids, results
from estatedesk.core.testing.queries import count_queries
from estatedesk.deals.choices import DealEventKind, StageKind
from estatedesk.deals.models import CommissionSplit, Deal, DealEvent
from estatedesk.deals.services import deal_save, stage_set_active
from estatedesk.deals.tests.factories import DealFactory, stage


@pytest.fixture
def api(alice_api):
    return alice_api


def test_create_deal_through_the_service(api, alice, bob):
    buyer = ContactFactory(owner=alice)
    response = api.post(
        "/api/deals/",
        {"title": "Sale of Prinsengracht 12", "value": "400000.00", "buyer_contact": buyer.pk,
         "commission_value": "2.00", "status": "won", "office": 999,
         "splits": [{"agent": alice.pk, "share": "60"}, {"agent": bob.pk, "share": "40"}]},
        format="json",
    )  # fmt: skip

    assert response.status_code == 201, response.content
    body = response.json()
    deal = Deal.objects.get(pk=body["id"])
    assert (deal.office_id, deal.owner_id, deal.status) == (alice.office_id, alice.pk, "open")
    assert deal.stage == stage(alice.office, "New")
    assert body["commission_amount"] == "8000.00"
    assert body["splits"] == [
        {"agent": alice.pk, "share": "60.00", "amount": "4800.00"},
        {"agent": bob.pk, "share": "40.00", "amount": "3200.00"},
    ]
    assert list(deal.events.values_list("kind", flat=True)) == [DealEventKind.CREATED]


def test_splits_must_make_100_percent(api, alice, bob):
    response = api.post(
        "/api/deals/",
        {"title": "X", "splits": [{"agent": alice.pk, "share": "60"},
                                  {"agent": bob.pk, "share": "30"}]},
        format="json",
    )  # fmt: skip
    assert response.status_code == 400
    assert "splits" in response.json()
    assert not Deal.objects.exists()


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({}, "title"),
        ({"title": "X", "value": "-5"}, "value"),
        ({"title": "X", "commission_value": "150"}, "commission_value"),
        ({"title": "X", "kind": "barter"}, "kind"),
    ],
)
def test_validation_errors_name_the_field(api, data, field):
    response = api.post("/api/deals/", data, format="json")
    assert response.status_code == 400
    assert field in response.json()


def test_buyer_must_be_visible(api, alice, bob):
    hidden = ContactFactory(owner=bob, visibility=Visibility.PERSONAL)
    response = api.post("/api/deals/", {"title": "X", "buyer_contact": hidden.pk}, format="json")
    assert response.status_code == 400
    assert "buyer_contact" in response.json()


def test_colleague_keeps_but_cannot_choose_an_invisible_buyer(alice, bob, token_client):
    # An office deal whose buyer is Alice's personal contact: Bob may edit the deal …
    personal = ContactFactory(owner=alice, visibility=Visibility.PERSONAL)
    deal = DealFactory(owner=alice, buyer_contact=personal)
    as_bob = token_client(bob)
    url = f"/api/deals/{deal.pk}/"
    shown = as_bob.get(url).json()

    response = as_bob.put(url, {**shown, "notes": "Called the notary"}, format="json")
    assert response.status_code == 200, response.content
    deal.refresh_from_db()
    assert (deal.buyer_contact_id, deal.notes) == (personal.pk, "Called the notary")

    # … but cannot choose another contact he cannot see, which looks like one that is not there.
    other = ContactFactory(owner=alice, visibility=Visibility.PERSONAL)
    hidden = as_bob.patch(url, {"seller_contact": other.pk}, format="json")
    missing = as_bob.patch(url, {"seller_contact": 999999}, format="json")
    assert hidden.status_code == missing.status_code == 400
    assert hidden.json()["seller_contact"] == [
        m.replace("999999", str(other.pk)) for m in missing.json()["seller_contact"]
    ]


def test_another_offices_stage_does_not_exist(api, carol):
    response = api.post("/api/deals/", {"title": "X", "stage": stage(carol.office, "Offer").pk},
                        format="json")  # fmt: skip
    assert response.status_code == 400
    assert "stage" in response.json()


def test_update_records_history(api, alice):
    deal = DealFactory(owner=alice, value=Decimal("100000"))
    response = api.patch(f"/api/deals/{deal.pk}/", {"value": "120000.00"}, format="json")
    assert response.status_code == 200, response.content
    events = api.get(f"/api/deals/{deal.pk}/events/").json()
    assert [(e["kind"], e["from_text"], e["to_text"]) for e in events] == [
        ("value", "100,000.00", "120,000.00")
    ]
    assert events[0]["actor"] == alice.pk


def test_put_of_what_get_returned_changes_nothing(api, alice, bob):
    deal = DealFactory(owner=alice, value=Decimal("1000"), commission_value=Decimal("3"))
    deal_save(deal=deal, actor=alice, splits=[])
    url = f"/api/deals/{deal.pk}/"
    api.patch(url, {"splits": [{"agent": bob.pk, "share": "100"}]}, format="json")
    shown = api.get(url).json()

    response = api.put(url, shown, format="json")

    assert response.status_code == 200, response.content
    assert {k: v for k, v in response.json().items() if k != "updated_at"} == {
        k: v for k, v in shown.items() if k != "updated_at"
    }


def test_colleague_cannot_change_owner_or_delete(alice, bob, token_client):
    deal = DealFactory(owner=alice)
    as_bob = token_client(bob)
    response = as_bob.patch(f"/api/deals/{deal.pk}/", {"owner": bob.pk}, format="json")
    assert response.status_code == 400
    assert "owner" in response.json()
    assert as_bob.delete(f"/api/deals/{deal.pk}/").status_code == 403
    assert token_client(alice).delete(f"/api/deals/{deal.pk}/").status_code == 204
    assert not Deal.objects.filter(pk=deal.pk).exists()


def test_move_records_a_deal_event(api, alice):
    deal = DealFactory(owner=alice)
    offer = stage(alice.office, "Offer")

    response = api.post(f"/api/deals/{deal.pk}/move/", {"stage": offer.pk}, format="json")

    assert response.status_code == 200, response.content
    assert response.json()["stage"] == offer.pk
    event = DealEvent.objects.get(deal=deal)
    assert (event.kind, event.from_text, event.to_text, event.actor_id) == (
        DealEventKind.STAGE_CHANGED, "New", "Offer", alice.pk,
    )  # fmt: skip


def test_move_into_lost_needs_a_reason(api, alice):
    deal = DealFactory(owner=alice)
    lost = stage(alice.office, "Lost")

    response = api.post(f"/api/deals/{deal.pk}/move/", {"stage": lost.pk}, format="json")
    assert response.status_code == 400
    assert "lost_reason" in response.json()
    assert not DealEvent.objects.filter(deal=deal).exists()

    response = api.post(
        f"/api/deals/{deal.pk}/move/",
        {"stage": lost.pk, "lost_reason": "Bought elsewhere"},
        format="json",
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["lost_reason"]) == (StageKind.LOST, "Bought elsewhere")
    assert body["closed_at"] is not None


def test_move_into_inactive_or_foreign_stage_is_refused(api, admin, alice, carol):
    deal = DealFactory(owner=alice)
    viewing = stage(alice.office, "Viewing")
    stage_set_active(stage=viewing, actor=admin, active=False)

    response = api.post(f"/api/deals/{deal.pk}/move/", {"stage": viewing.pk}, format="json")
    assert response.status_code == 400
    assert "stage" in response.json()
    foreign = stage(carol.office, "Offer")
    response = api.post(f"/api/deals/{deal.pk}/move/", {"stage": foreign.pk}, format="json")
    assert response.status_code == 400
    assert "stage" in response.json()


def test_move_of_invisible_deal_is_404(alice, bob, token_client):
    deal = DealFactory(owner=alice, visibility=Visibility.PERSONAL)
    offer = stage(alice.office, "Offer")
    response = token_client(bob).post(f"/api/deals/{deal.pk}/move/", {"stage": offer.pk},
                                      format="json")  # fmt: skip
    assert response.status_code == 404
    assert not DealEvent.objects.filter(deal=deal).exists()


def test_filters_narrow_the_list(api, alice):
    offer = stage(alice.office, "Offer")
    small = DealFactory(owner=alice, value=Decimal("100000"))
    big = DealFactory(owner=alice, value=Decimal("800000"), stage=offer)
    middle = DealFactory(owner=alice, value=Decimal("400000"), stage=offer)

    assert result_ids(api.get(f"/api/deals/?stage={offer.pk}")) == {big.pk, middle.pk}
    assert result_ids(api.get("/api/deals/?value_min=300000&value_max=500000")) == {middle.pk}
    assert result_ids(api.get(f"/api/deals/?stage={offer.pk}&value_max=500000")) == {middle.pk}
    rows = results(api.get("/api/deals/?ordering=value"))
    assert [r["id"] for r in rows] == [small.pk, middle.pk, big.pk]


def test_list_queries_do_not_grow_with_rows(api, alice, bob):
    def make(n):
        for _ in range(n):
            deal = DealFactory(owner=alice, value=Decimal("1000"), commission_value=Decimal("2"))
            deal_save(deal=deal, actor=alice, splits=[])
            CommissionSplit.objects.create(office=alice.office, deal=deal, agent=alice,
                                           share=Decimal("100"))  # fmt: skip

    api.get("/api/deals/")
    make(2)
    with count_queries() as few:
        assert len(results(api.get("/api/deals/"))) == 2
    make(8)
    with count_queries() as many:
        assert len(results(api.get("/api/deals/"))) == 10
    assert len(many) == len(few)


def test_pipeline_stages_list_the_active_ones_in_order(api, admin, alice):
    viewing = stage(alice.office, "Viewing")
    stage_set_active(stage=viewing, actor=admin, active=False)
    rows = results(api.get("/api/pipeline-stages/"))
    assert [r["name"] for r in rows] == ["New", "Offer", "Negotiation", "Won", "Lost"]
    assert rows[-1]["kind"] == "lost"
    assert api.post("/api/pipeline-stages/", {"name": "X"}, format="json").status_code == 405

"""Moving deals on the board: the drag's POST moves the deal and records it; what the user
cannot see, or another office's stage, is refused and changes nothing."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from estatedesk.contacts.tests.factories import ContactFactory, RelationFactory
from estatedesk.core.choices import Visibility
from estatedesk.core.testing.queries import count_queries
from estatedesk.deals import services
from estatedesk.deals.choices import DealEventKind, StageKind
from estatedesk.deals.models import Deal, DealEvent
from estatedesk.deals.tests.factories import DealFactory, make_property, stage

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def move(client, deal, target, **extra):
    data = {"stage": target.pk, **extra}
    return client.post(reverse("deals:deal_move", args=[deal.pk]), data, **HTMX)


def test_dragging_a_card_moves_the_deal_and_records_it_in_history(as_alice, alice, stages):
    deal = services.deal_save(deal=Deal(title="Flat on Prinsengracht"), actor=alice)
    assert deal.stage == stages["New"]

    response = move(as_alice, deal, stages["Offer"])

    assert response.status_code == 200
    html = response.content.decode()
    # The answer is the two columns' fragments, the card now in the Offer column.
    offer_column = html.split(f'id="column-{stages["Offer"].pk}"')[1]
    assert f'id="deal-{deal.pk}"' in offer_column
    assert f'id="column-{stages["New"].pk}"' in html
    deal.refresh_from_db()
    assert deal.stage == stages["Offer"]
    event = deal.events.get(kind=DealEventKind.STAGE_CHANGED)
    assert (event.from_text, event.to_text, event.actor) == ("New", "Offer", alice)
    history = as_alice.get(deal.get_absolute_url(), {"tab": "history"}).content.decode()
    assert "Stage changed from New to Offer" in history
    assert "Alice Agent" in history


def test_card_form_without_javascript_moves_and_goes_back_to_the_board(as_alice, alice, stages):
    deal = DealFactory(owner=alice)
    response = as_alice.post(
        reverse("deals:deal_move", args=[deal.pk]), {"stage": stages["Viewing"].pk}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("deals:board")
    deal.refresh_from_db()
    assert deal.stage == stages["Viewing"]


@pytest.mark.parametrize("who", ["bob", "carol", "admin"])
def test_move_of_a_deal_the_user_cannot_see_is_404_and_changes_nothing(who, request, alice, stages):
    deal = DealFactory(owner=alice, visibility=Visibility.PERSONAL)
    client = request.getfixturevalue(f"as_{who}")

    response = move(client, deal, stages["Offer"])

    assert response.status_code == 404
    deal.refresh_from_db()
    assert deal.stage == stages["New"]
    assert not DealEvent.objects.filter(deal=deal).exists()


def test_move_into_another_offices_stage_is_refused(as_alice, alice, carol, stages):
    deal = DealFactory(owner=alice)
    foreign = stage(carol.office, "Offer")

    response = move(as_alice, deal, foreign)

    assert response.status_code == 404
    deal.refresh_from_db()
    assert deal.stage == stages["New"]
    assert not DealEvent.objects.filter(deal=deal).exists()


def test_won_sets_closed_at_and_back_to_open_clears_it(as_alice, alice, stages):
    deal = DealFactory(owner=alice)

    move(as_alice, deal, stages["Won"])
    deal.refresh_from_db()
    assert deal.status == StageKind.WON
    assert deal.closed_at is not None

    move(as_alice, deal, stages["Negotiation"])
    deal.refresh_from_db()
    assert deal.status == StageKind.OPEN
    assert deal.closed_at is None


def test_lost_needs_a_reason(as_alice, alice, stages):
    deal = DealFactory(owner=alice)

    refused = move(as_alice, deal, stages["Lost"])

    assert refused.status_code == 422
    assert "lost deal needs a reason" in refused.content.decode()
    deal.refresh_from_db()
    assert (deal.stage, deal.closed_at) == (stages["New"], None)

    accepted = move(as_alice, deal, stages["Lost"], lost_reason="Bought elsewhere")
    assert accepted.status_code == 200
    deal.refresh_from_db()
    assert deal.status == StageKind.LOST
    assert deal.lost_reason == "Bought elsewhere"
    assert deal.closed_at is not None


def test_move_into_an_inactive_stage_is_refused(as_alice, alice, admin, stages):
    deal = DealFactory(owner=alice)
    services.stage_set_active(stage=stages["Viewing"], actor=admin, active=False)

    response = move(as_alice, deal, stages["Viewing"])

    assert response.status_code == 422
    deal.refresh_from_db()
    assert deal.stage == stages["New"]


def test_board_shows_visible_open_deals_and_recently_closed_ones(as_alice, alice, bob, stages):
    mine = DealFactory(owner=alice, title="Mine")
    colleagues_office = DealFactory(owner=bob, title="Bobs shared")
    colleagues_personal = DealFactory(owner=bob, title="Bobs secret",
                                      visibility=Visibility.PERSONAL)  # fmt: skip
    recent_win = DealFactory(owner=alice, title="Recent win", stage=stages["Won"])
    old_win = DealFactory(owner=alice, title="Old win", stage=stages["Won"])
    Deal.objects.filter(pk=old_win.pk).update(closed_at=timezone.now() - timedelta(days=45))

    html = as_alice.get(reverse("deals:board")).content.decode()

    shown = [f'id="deal-{d.pk}"' in html for d in
             (mine, colleagues_office, colleagues_personal, recent_win, old_win)]  # fmt: skip
    assert shown == [True, True, False, True, False]
    assert "Closed in the last 30 days" in html


def test_column_totals_count_and_sum_the_visible_deals(as_alice, alice, bob, stages):
    DealFactory(owner=alice, value=200_000)
    DealFactory(owner=bob, value=300_000)
    DealFactory(owner=bob, value=999_000, visibility=Visibility.PERSONAL)

    html = as_alice.get(reverse("deals:board")).content.decode()
    new_column = html.split(f'id="column-{stages["New"].pk}"')[1].split("</header>")[0]

    assert '<span class="column-count" title="Deals">2</span>' in new_column
    assert "EUR 500,000" in new_column


def _rich_deal(owner, n):
    """A deal with everything a card and a detail page show: property, both sides, splits."""
    deal = services.deal_save(
        deal=Deal(
            title=f"Deal {n}",
            value=100_000 + n,
            property=make_property(owner),
            buyer_contact=ContactFactory(owner=owner),
            buyer_relation=RelationFactory(owner=owner),
            seller_contact=ContactFactory(owner=owner),
            seller_relation=RelationFactory(owner=owner),
            commission_value=2,
        ),
        actor=owner,
        splits=[services.SplitIn(agent=owner, share=100)],
    )
    deal.value += 1
    return services.deal_save(deal=deal, actor=owner)


def test_board_and_detail_queries_do_not_grow_with_deals(as_alice, alice, bob, stages):
    deals = [_rich_deal(alice, n) for n in range(2)]

    with count_queries() as board_two:
        as_alice.get(reverse("deals:board"))
    with count_queries() as detail_two:
        as_alice.get(deals[0].get_absolute_url())
    with count_queries() as history_two:
        as_alice.get(deals[0].get_absolute_url(), {"tab": "history"})

    more = [_rich_deal(alice, n) for n in range(2, 10)]
    busy = more[-1]  # more splits and more history than the first one
    for target in ("Viewing", "Offer", "Negotiation"):
        services.deal_move(deal=busy, stage=stages[target], actor=alice)
    services.deal_save(
        deal=Deal.objects.get(pk=busy.pk), actor=alice,
        splits=[services.SplitIn(agent=alice, share=60), services.SplitIn(agent=bob, share=40)],
    )  # fmt: skip

    with count_queries() as board_ten:
        response = as_alice.get(reverse("deals:board"))
    with count_queries() as detail_ten:
        as_alice.get(busy.get_absolute_url())
    with count_queries() as history_ten:
        as_alice.get(busy.get_absolute_url(), {"tab": "history"})

    assert response.content.decode().count('class="deal-card"') == 10
    assert len(board_ten) == len(board_two)
    assert len(detail_ten) == len(detail_two)
    assert len(history_ten) == len(history_two)

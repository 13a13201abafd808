"""Every deal URL: the owner gets in; colleagues only to office deals; another office and
anyone for a personal deal get a 404; anonymous users go to the login page."""

import pytest
from django.urls import reverse

from estatedesk.core.choices import Visibility
from estatedesk.core.testing.matrix import Route
from estatedesk.deals.models import Deal
from estatedesk.deals.tests.factories import DealFactory, stage

pytestmark = pytest.mark.django_db

ROUTES = [
    Route("deals:deal_detail"),
    Route("deals:deal_edit"),
    Route("deals:deal_delete"),
    Route("deals:deal_move", "post"),
]


def call(client, route, deal):
    data = {"stage": stage(deal.office, "Offer").pk} if route.name == "deals:deal_move" else {}
    return getattr(client, route.method)(reverse(route.name, args=[deal.pk]), data)


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: r.name)
def test_personal_deal_urls_answer_by_persona(
    route, alice, as_alice, as_bob, as_carol, as_admin, client
):
    deal = DealFactory(owner=alice, visibility=Visibility.PERSONAL)

    anonymous = call(client, route, deal)
    assert anonymous.status_code == 302
    assert reverse("accounts:login") in anonymous["Location"]
    for other in (as_bob, as_admin, as_carol):
        assert call(other, route, deal).status_code == 404
    assert call(as_alice, route, deal).status_code in (200, 302)


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: r.name)
def test_office_deal_urls_are_closed_to_other_offices(route, alice, as_bob, as_carol):
    deal = DealFactory(owner=alice, visibility=Visibility.OFFICE)
    assert call(as_carol, route, deal).status_code == 404
    expected = (403,) if route.name == "deals:deal_delete" else (200, 302)
    assert call(as_bob, route, deal).status_code in expected


@pytest.mark.parametrize("name", ["deals:deal_list", "deals:board", "deals:deal_create"])
def test_list_pages_need_a_login(name, client, as_carol):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]
    assert as_carol.get(reverse(name)).status_code == 200


def test_colleague_cannot_delete_an_office_deal_but_the_owner_can(alice, as_alice, as_bob):
    deal = DealFactory(owner=alice)
    assert as_bob.post(reverse("deals:deal_delete", args=[deal.pk])).status_code == 403
    assert Deal.objects.filter(pk=deal.pk).exists()
    assert as_alice.post(reverse("deals:deal_delete", args=[deal.pk])).status_code == 302
    assert not Deal.objects.filter(pk=deal.pk).exists()


def test_other_office_sees_none_of_the_deals_on_board_or_list(alice, as_carol):
    deal = DealFactory(owner=alice, title="Amsterdam only")
    for name in ("deals:deal_list", "deals:board"):
        assert deal.title not in as_carol.get(reverse(name)).content.decode()

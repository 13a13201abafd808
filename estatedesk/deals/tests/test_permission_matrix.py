"""Every deal URL: the owner gets in; colleagues only to office deals; another office and
anyone for a personal deal get a 404; anonymous users go to the login page."""

import itertools

import pytest
from django.urls import reverse

from estatedesk.core.choices import Visibility
from estatedesk.core.testing.matrix import (
    ADMIN_ONLY,
    OFFICE,
    PERSONAL,
    Matrix,
    Route,
    check_route,
    matrix_cases,
)
from estatedesk.deals import services
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


# --- the generic matrix (estatedesk.core.testing.matrix): every URL with an object id ---------

_stage_names = itertools.count(1)


def _deal(visibility):
    return lambda users: DealFactory(owner=users.owner, visibility=visibility)


def _stage(users):
    return services.stage_create(actor=users.office_admin, name=f"Matrix {next(_stage_names)}")


def _to_offer(deal) -> dict:
    return {"stage": stage(deal.office, "Offer").pk}


# On an office deal a colleague reads, edits and moves; deleting is the owner's (and the
# administrator's): a 403, the deal being visible to the colleague.
OWNER_ONLY = {"colleague": 403}
DEAL_ROUTES = (
    Route("deals:deal_detail"),
    Route("deals:deal_edit"),
    Route("deals:deal_edit", "post", {}, ok=422),  # reached the form: nothing valid
    Route("deals:deal_delete", expect=OWNER_ONLY),
    Route("deals:deal_delete", "post", expect=OWNER_ONLY),
    Route("deals:deal_move", "post", _to_offer),
    Route("api:deal-detail"),
    Route("api:deal-detail", "patch", {}),
    Route("api:deal-detail", "delete", expect=OWNER_ONLY),
    Route("api:deal-events"),
    Route("api:deal-changes"),
    Route("api:deal-move", "post", _to_offer, ok=200),
)
STAGE_SETUP_ROUTES = (
    Route("deals:stage_rename"),
    Route("deals:stage_rename", "post", {"name": "Renamed"}),
    Route("deals:stage_move", "post", {"direction": "up"}),
    Route("deals:stage_active", "post", {"active": "0"}),
    Route("deals:stage_delete", "post"),
)

MATRICES = [
    Matrix("deal personal", _deal(Visibility.PERSONAL), DEAL_ROUTES, PERSONAL),
    Matrix("deal office", _deal(Visibility.OFFICE), DEAL_ROUTES, OFFICE),
    Matrix("pipeline stage setup", _stage, STAGE_SETUP_ROUTES, ADMIN_ONLY),
    Matrix("pipeline stage API", _stage, (Route("api:pipeline-stage-detail"),), OFFICE),
]


@pytest.mark.parametrize(("matrix", "route"), matrix_cases(MATRICES))
def test_each_persona_gets_the_documented_answer(matrix, route, personas):
    check_route(matrix, route, personas)

"""Who reaches the viewing and owner URLs.

Portal side: every client URL of viewings and owners × ann (whose they are), ben (a client of the
same office), cleo (another office's client), alice (an agent) and an anonymous visitor: ann
gets the page, the others a 404 (anonymous: the portal's login). Staff side (and the API): the
permission matrices of `MATRICES`, over the staff personas, which `test_permission_matrix`
collects for the URL coverage check.
"""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from estatedesk.contacts.tests.factories import ContactFactory
from estatedesk.core.testing.csp import inline_code
from estatedesk.core.testing.matrix import OFFICE, Matrix, Route, check_route, matrix_cases
from estatedesk.portal.choices import ViewingStatus
from estatedesk.portal.models import ListingUpdate, ViewingRequest
from estatedesk.portal.tests.factories import OfferFactory, PortalAccessFactory
from estatedesk.properties.tests.factories import PropertyFactory, PropertyLinkFactory

# --- the client's side --------------------------------------------------------------------------


def _viewing(access, *, status=ViewingStatus.REQUESTED, starts_at=None):
    offer = OfferFactory(contact=access.contact, offered_by=access.contact.owner)
    soon = timezone.now() + timedelta(days=3)
    return ViewingRequest.objects.create(
        office=access.office, offer=offer, requested_by=access.contact, slot_1=soon,
        status=status, starts_at=starts_at, agent=access.contact.owner,
    )  # fmt: skip


def _listing(access):
    prop = PropertyFactory(owner=access.contact.owner, office=access.office)
    PropertyLinkFactory(property=prop, contact=access.contact, role="seller")
    return prop


PAST = timedelta(hours=-2)
# (url name, method, what to build for ann, URL kwargs from it, data, ann's answer)
CLIENT_URLS = [
    ("portal:viewing_request", "get", lambda a: _viewing(a).offer, lambda o: {"offer_pk": o.pk},
     {}, 200),
    ("portal:viewing_request", "post", lambda a: _viewing(a).offer,
     lambda o: {"offer_pk": o.pk}, {}, 400),
    ("portal:viewing_detail", "get", _viewing, None, {}, 200),
    ("portal:viewing_accept", "post",
     lambda a: _viewing(a, status=ViewingStatus.PROPOSED,
                        starts_at=timezone.now() + timedelta(days=2)), None, {}, 302),
    ("portal:viewing_cancel", "post", _viewing, None, {"reason": "x"}, 302),
    ("portal:viewing_feedback", "post",
     lambda a: _viewing(a, status=ViewingStatus.CONFIRMED, starts_at=timezone.now() + PAST),
     None, {"feedback": "Nice"}, 302),
    ("portal:viewing_ics", "get",
     lambda a: _viewing(a, status=ViewingStatus.CONFIRMED,
                        starts_at=timezone.now() + timedelta(days=2)), None, {}, 200),
    ("portal:owner_listing", "get", _listing, None, {}, 200),
]  # fmt: skip


@pytest.mark.parametrize("who", ["ann", "ben", "cleo", "alice", "anonymous"])
@pytest.mark.parametrize(
    ("name", "method", "build", "kwargs", "data", "ok"),
    CLIENT_URLS,
    ids=[f"{row[0]}|{row[1]}" for row in CLIENT_URLS],
)
def test_only_the_client_whose_it_is_reaches_it(
    request, ann, ben, cleo, alice, who, name, method, build, kwargs, data, ok
):
    obj = build(ann)
    url = reverse(name, kwargs=kwargs(obj) if kwargs else {"pk": obj.pk})
    client = Client()
    if who != "anonymous":
        client.force_login({"ann": ann.user, "ben": ben.user, "cleo": cleo.user,
                            "alice": alice}[who])  # fmt: skip

    response = getattr(client, method)(url, data)

    if who == "ann":
        assert response.status_code == ok
        # and the page keeps to the Content-Security-Policy (no inline code or styles)
        assert "script-src 'self'" in response["Content-Security-Policy"]
        if response["Content-Type"].startswith("text/html"):
            assert inline_code(response.content.decode()) == []
    elif who == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("portal:login"))
    else:
        assert response.status_code == 404


def test_another_clients_viewing_is_not_in_the_list(as_ben, ann):
    viewing = _viewing(ann)

    response = as_ben.get(reverse("portal:viewing_list"))

    assert response.status_code == 200
    assert f'id="viewing-{viewing.pk}"'.encode() not in response.content


def test_staff_and_anonymous_do_not_get_the_clients_lists(as_alice, ann):
    for name in ("portal:viewing_list", "portal:owner_listings"):
        assert as_alice.get(reverse(name)).status_code == 404
        assert Client().get(reverse(name)).status_code == 302


# --- the staff's side: matrices over the staff personas -----------------------------------------


def _staff_viewing(users):
    contact = ContactFactory(owner=users.owner)
    access = PortalAccessFactory(contact=contact)
    return _viewing(access)


def _listing_update(users):
    prop = PropertyFactory(owner=users.owner, office=users.owner.office)
    return ListingUpdate.objects.create(office=prop.office, property=prop, body="Marketing",
                                        author=users.owner)  # fmt: skip


def _later(viewing) -> dict:
    return {"starts_at": (viewing.slot_1 + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")}


# A portal page is nothing to staff (404); anonymous visitors go to the portal's login (302).
CLIENT_ONLY = {"anonymous": 302, "owner": 404, "colleague": 404, "office_admin": 404,
               "other_office": 404}  # fmt: skip

MATRICES = [
    Matrix("Viewing request (staff)", _staff_viewing, (
        Route("portal_staff:viewing_confirm", "post", {"slot": "1"}),
        Route("portal_staff:viewing_propose", "post", _later),
        Route("portal_staff:viewing_cancel", "post", {"reason": ""}),
    ), OFFICE),
    Matrix("Viewing request (API)", _staff_viewing, (
        Route("api:viewing-request-detail"),
        Route("api:viewing-request-confirm", "post",
              lambda v: {"starts_at": v.slot_1.isoformat()}, ok=200),
        Route("api:viewing-request-propose", "post",
              lambda v: {"starts_at": (v.slot_1 + timedelta(days=1)).isoformat()}, ok=200),
        Route("api:viewing-request-cancel", "post", {}, ok=200),
    ), OFFICE),
    Matrix("Listing update", _listing_update, (
        Route("portal_staff:listing_update_add", "post", {"body": "More"},
              kwargs=lambda u: {"pk": u.property_id}),
        Route("portal_staff:listing_update_toggle", "post"),
        Route("portal_staff:listing_update_delete", "post"),
    ), OFFICE),
    Matrix("Viewing request (portal pages)", _staff_viewing, (
        Route("portal:viewing_request", kwargs=lambda v: {"offer_pk": v.offer_id}),
        Route("portal:viewing_detail"),
        Route("portal:viewing_accept", "post"),
        Route("portal:viewing_cancel", "post"),
        Route("portal:viewing_feedback", "post"),
        Route("portal:viewing_ics"),
        Route("portal:owner_listing", kwargs=lambda v: {"pk": v.offer.property_id}),
    ), CLIENT_ONLY),
]  # fmt: skip


@pytest.mark.parametrize(("matrix", "route"), matrix_cases(MATRICES))
def test_each_staff_persona_gets_the_documented_answer(matrix, route, personas):
    check_route(matrix, route, personas)

"""Every staff portal URL with an object id × anonymous, owner, colleague, office administrator
and another office's agent (estatedesk.core.testing.matrix). The portal clients' side is in
test_portal_isolation.py and each area's client matrix."""

import pytest

from estatedesk.contacts.tests.factories import ContactFactory
from estatedesk.core.choices import Visibility
from estatedesk.core.testing.matrix import (
    OFFICE,
    PERSONAL,
    Matrix,
    Route,
    check_route,
    matrix_cases,
)
from estatedesk.portal.choices import AccessStatus
from estatedesk.portal.tests.factories import PortalAccessFactory

from .test_offers_permissions import MATRICES as OFFERS_MATRICES
from .test_viewings_permissions import MATRICES as VIEWINGS_MATRICES

pytestmark = pytest.mark.django_db

# --- access: invitations from a contact's Portal tab -------------------------------------------


def _contact_to_invite(visibility):
    def make(users):
        return ContactFactory(owner=users.owner, visibility=visibility,
                              emails=["invitee@example.net"])  # fmt: skip

    return make


def _invited_contact(visibility):
    def make(users):
        contact = ContactFactory(owner=users.owner, visibility=visibility)
        PortalAccessFactory(contact=contact, status=AccessStatus.INVITED, accepted_at=None,
                            invitation_nonce="n" * 32)  # fmt: skip
        return contact

    return make


ACCESS_INVITE_ROUTES = (
    Route("portal_staff:access_invite", "post", {"email": "invitee@example.net"}),
)
ACCESS_ROUTES = (
    Route("portal_staff:access_resend", "post"),
    Route("portal_staff:access_disable", "post"),
    Route("portal_staff:access_enable", "post"),
    Route("portal_staff:access_household", "post", {"share": "on"}),
)

ACCESS_MATRICES = [
    matrix
    for visibility, row in ((Visibility.PERSONAL, PERSONAL), (Visibility.OFFICE, OFFICE))
    for matrix in (
        Matrix(f"portal invite {visibility}", _contact_to_invite(visibility),
               ACCESS_INVITE_ROUTES, row),
        Matrix(f"portal access {visibility}", _invited_contact(visibility), ACCESS_ROUTES, row),
    )
]  # fmt: skip


# Each area keeps its matrices in its own module and tests them there; MATRICES lists them all
# for the URL coverage check (core.testing.urlcoverage).
MATRICES = [*ACCESS_MATRICES, *OFFERS_MATRICES, *VIEWINGS_MATRICES]


@pytest.mark.parametrize(("matrix", "route"), matrix_cases(ACCESS_MATRICES))
def test_each_persona_gets_the_documented_answer(matrix, route, personas):
    check_route(matrix, route, personas)


# --- every client URL is in a client matrix ---------------------------------------------------

# Reachable without a portal session, by design: logging in and what leads to it.
PUBLIC_PAGES = {"portal:login", "portal:logout", "portal:accept", "portal:password_reset",
                "portal:password_reset_sent", "portal:password_reset_confirm",
                "portal:password_reset_complete"}  # fmt: skip
# The client's own lists and frame: what is in them is the client's only (below).
LIST_PAGES = ["portal:offer_list", "portal:viewing_list", "portal:owner_listings"]


def _client_matrix_names() -> set[str]:
    from .test_offers_permissions import CLIENT_ROUTES as OFFER_CLIENT_ROUTES
    from .test_portal_isolation import CLIENT_PAGES
    from .test_viewings_permissions import CLIENT_URLS as VIEWING_CLIENT_URLS

    return (
        {route.name for route in OFFER_CLIENT_ROUTES}
        | {row[0] for row in VIEWING_CLIENT_URLS}
        | set(CLIENT_PAGES)
        | set(LIST_PAGES)
        | {"portal:office_logo"}  # test_portal_access_face: only the client's own office's
        | PUBLIC_PAGES
    )


def test_every_portal_url_is_checked_for_every_kind_of_visitor():
    from estatedesk.portal.urls import urlpatterns

    portal_names = {f"portal:{pattern.name}" for pattern in urlpatterns}

    assert portal_names - _client_matrix_names() == set(), (
        "A portal URL no client matrix covers: add it to its area's client matrix"
    )


@pytest.mark.parametrize("name", LIST_PAGES)
def test_a_clients_lists_hold_only_what_was_given_to_them(name, ann, ben, cleo, client, as_alice):
    from django.test import Client
    from django.urls import reverse

    from estatedesk.portal.models import ViewingRequest
    from estatedesk.portal.tests.factories import OfferFactory
    from estatedesk.properties.tests.factories import PropertyFactory, PropertyLinkFactory

    # given: ann has an offer, a viewing request and a listing of her own, on Zanzibarstraat
    offer = OfferFactory(contact=ann.contact, property__street="Zanzibarstraat")
    ViewingRequest.objects.create(office=ann.office, offer=offer, requested_by=ann.contact,
                                  slot_1=offer.offered_at.replace(year=2099))  # fmt: skip
    listing = PropertyFactory(owner=ann.contact.owner, street="Zanzibarstraat")
    PropertyLinkFactory(property=listing, contact=ann.contact, role="seller")
    url = reverse(name)

    def page_of(access):
        visitor = Client()
        visitor.force_login(access.user)
        return visitor.get(url, follow=True)

    assert "Zanzibarstraat" in page_of(ann).content.decode()
    for other in (ben, cleo):
        response = page_of(other)
        assert response.status_code in (200, 404)
        assert "Zanzibarstraat" not in response.content.decode()
    assert as_alice.get(url).status_code == 404
    anonymous = client.get(url)
    assert (anonymous.status_code, anonymous["Location"].split("?")[0]) == (
        302, reverse("portal:login"))  # fmt: skip

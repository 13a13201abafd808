"""Every portal URL of the offers with an object id answers each persona as the rules say
(listed for the URL coverage check in test_permission_matrix).

Staff URLs (`portal_staff:…`, the API) follow the sharing rules of the offer's contact, as in
the other apps' matrices. The client's URLs (`portal:…`) are nobody's on the staff side: an
agent or administrator gets 404 and an anonymous visitor the portal's login (a 302 that is not
the staff login). Their GET pages are listed here with HEAD, which Django answers through GET,
because the CSP test opens every matrix GET as the office's owner, who is refused here by
design; those pages' CSP is checked as the client in test_offer_pages. How clients fare on
every offers URL is `test_each_client_gets_only_their_own` below (ann, ben, cleo, an agent,
anonymous)."""

import pytest
from django.urls import reverse

from estatedesk.contacts.tests.factories import ContactFactory
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
from estatedesk.documents.tests.factories import upload
from estatedesk.portal.models import RejectionReason
from estatedesk.portal.services.offers import offer_create
from estatedesk.portal.tests.factories import OfferFactory, PortalAccessFactory
from estatedesk.properties.services import photo_add
from estatedesk.properties.tests.factories import PropertyFactory, image_upload

pytestmark = pytest.mark.django_db

VISIBILITIES = ((Visibility.PERSONAL, PERSONAL), (Visibility.OFFICE, OFFICE))
NOBODY_ON_STAFF = {"anonymous": 302, "owner": 404, "colleague": 404, "office_admin": 404,
                   "other_office": 404}  # fmt: skip

OFFER_ROUTES = (
    Route("portal_staff:offer_withdraw", "post"),
    Route("portal_staff:offer_documents", "post", {}),
    Route("portal_staff:offer_thread"),
    Route("portal_staff:offer_thread", "post", {"body": "An answer"}),
    Route("api:portal-offer-detail"),
    Route("api:portal-offer-withdraw", "post", ok=200),
    Route("api:portal-offer-messages"),
)
CONTACT_ROUTES = (Route("portal_staff:offer_from_contact", "post", {}),)
PROPERTY_ROUTES = (Route("portal_staff:offer_from_property", "post", {}),)
REASON_ROUTES = (
    Route("portal_staff:reason_rename"),
    Route("portal_staff:reason_rename", "post", {}, ok=422),  # reached the form
    Route("portal_staff:reason_move", "post", {"direction": "up"}),
    Route("portal_staff:reason_active", "post", {"active": "0"}),
)


def _offer(visibility):
    def make(users):
        contact = ContactFactory(owner=users.owner, visibility=visibility)
        return OfferFactory(contact=contact)

    return make


def _contact(visibility):
    return lambda users: ContactFactory(owner=users.owner, visibility=visibility)


def _property(visibility):
    return lambda users: PropertyFactory(owner=users.owner, visibility=visibility)


def _reason(users):
    return RejectionReason.objects.filter(office_id=users.owner.office_id).last()


# The client's offers URLs, each with how to build its arguments from a `Shared` offer.
class Shared:
    """An offer with a photo and a shared document, made by its contact's owner."""

    def __init__(self, offer, photo, document):
        self.offer, self.photo, self.document = offer, photo, document
        self.pk = offer.pk


def _shared_offer(owner, contact):
    prop = PropertyFactory(owner=owner)
    photo = photo_add(property=prop, actor=owner, upload=image_upload())
    document = upload(prop, owner, name="brochure.pdf")
    [offer] = offer_create(actor=owner, contact=contact, properties=[prop], documents=[document])
    return Shared(offer, photo, document)


def _photo_kwargs(shared):
    return {"pk": shared.pk, "photo_pk": shared.photo.pk}


CLIENT_ROUTES = (
    Route("portal:offer_detail", "head"),
    Route("portal:offer_photo", "head", kwargs=_photo_kwargs),
    Route("portal:offer_photo_thumbnail", "head", kwargs=_photo_kwargs),
    Route("portal:offer_document", "head",
          kwargs=lambda s: {"pk": s.pk, "document_pk": s.document.pk}),
    Route("portal:offer_react", "post", {"preference": "favourite"}),
    Route("portal:offer_message", "post", {"body": "Hello"}),
)  # fmt: skip


def _client_offer(users):
    contact = ContactFactory(owner=users.owner)
    PortalAccessFactory(contact=contact)
    return _shared_offer(users.owner, contact)


MATRICES = [
    *(
        matrix
        for visibility, row in VISIBILITIES
        for matrix in (
            Matrix(f"portal offer {visibility}", _offer(visibility), OFFER_ROUTES, row),
            Matrix(f"offer from contact {visibility}", _contact(visibility), CONTACT_ROUTES, row),
            Matrix(f"offer from property {visibility}", _property(visibility),
                   PROPERTY_ROUTES, row),
        )
    ),
    Matrix("rejection reason", _reason, REASON_ROUTES, ADMIN_ONLY),
    Matrix("client's offer, staff side", _client_offer, CLIENT_ROUTES, NOBODY_ON_STAFF),
]  # fmt: skip


@pytest.fixture(autouse=True)
def _private(private_dir):
    return private_dir


@pytest.mark.parametrize(("matrix", "route"), matrix_cases(MATRICES))
def test_each_persona_gets_the_documented_answer(matrix, route, personas):
    check_route(matrix, route, personas)


# --- the client side: ann, ben (same office), cleo (other office), an agent, anonymous -------

CLIENT_EXPECT = {"as_ann": "ok", "as_ben": 404, "as_cleo": 404, "as_alice": 404,
                 "client": "login"}  # fmt: skip


@pytest.mark.parametrize("route", CLIENT_ROUTES, ids=lambda r: f"{r.name}|{r.method}")
def test_each_client_gets_only_their_own(request, route, ann, ben, cleo, alice):
    shared = _shared_offer(alice, ann.contact)
    url = route.url(shared)
    method = "get" if route.method == "head" else route.method
    answers = {}
    for who in CLIENT_EXPECT:
        client = request.getfixturevalue(who)
        response = getattr(client, method)(url, route.payload(shared))
        if response.status_code == 302 and response["Location"].startswith(reverse("portal:login")):
            answers[who] = "login"
        elif response.status_code in (200, 302) and who == "as_ann":
            answers[who] = "ok"
        else:
            answers[who] = response.status_code
    assert answers == CLIENT_EXPECT


STAFF_NAMES = ["portal_staff:offer_withdraw", "portal_staff:offer_thread",
               "portal_staff:offer_documents", "api:portal-offer-detail",
               "api:portal-offer-messages"]  # fmt: skip


@pytest.mark.parametrize("name", STAFF_NAMES)
def test_a_portal_client_gets_nothing_from_the_staff_side_of_her_own_offer(name, ann, as_ann):
    offer = OfferFactory(contact=ann.contact)
    url = reverse(name, args=[offer.pk])

    # The portal's fence sends a client on a staff page back to the portal; the API says 404.
    for response in (as_ann.get(url), as_ann.post(url, {"body": "x"})):
        if url.startswith("/api/"):
            assert response.status_code == 404
        else:
            assert (response.status_code, response["Location"]) == (302, reverse("portal:home"))
    offer.refresh_from_db()
    assert not offer.is_withdrawn

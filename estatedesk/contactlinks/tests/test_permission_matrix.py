"""Every contact-links URL on a personal contact: the owner gets in, everyone else a 404."""

import pytest
from django.urls import reverse

from estatedesk.contactlinks.services import contact_link_add
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

pytestmark = pytest.mark.django_db

ROUTES = [
    Route("contactlinks:add", "post", {"relationship": "family"}),
    Route("contactlinks:picker", "get", {"q": "someone"}),
    Route("contactlinks:remove", "post"),
]


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: r.name)
def test_personal_contact_link_urls_answer_by_persona(
    route, alice, as_alice, as_bob, as_carol, as_admin, client
):
    contact = ContactFactory(owner=alice, visibility=Visibility.PERSONAL)
    other = ContactFactory(owner=alice)

    def call(c):
        link = (
            contact_link_add(from_contact=contact, to_contact=other, kind="colleague", actor=alice)
            if route.name.endswith("remove")
            else None
        )
        args = [contact.pk, link.pk] if link else [contact.pk]
        response = getattr(c, route.method)(reverse(route.name, args=args), route.data or {})
        if link:
            link.delete()
        return response

    anonymous = call(client)
    assert anonymous.status_code == 302
    assert reverse("accounts:login") in anonymous["Location"]
    for someone_else in (as_bob, as_admin, as_carol):
        assert call(someone_else).status_code == 404
    assert call(as_alice).status_code in (200, 302)


# --- the generic matrix (estatedesk.core.testing.matrix): every URL with an object id ---------


def _contact(visibility):
    return lambda users: ContactFactory(owner=users.owner, visibility=visibility)


def _link(visibility):
    """A link from a contact of that visibility to an office contact."""

    def make(users):
        contact = ContactFactory(owner=users.owner, visibility=visibility)
        other = ContactFactory(owner=users.owner)
        return contact_link_add(from_contact=contact, to_contact=other, kind="colleague",
                                actor=users.owner)  # fmt: skip

    return make


CONTACT_ROUTES = (
    Route("contactlinks:add", "post", {"relationship": "family"}),
    Route("contactlinks:picker", data={"q": "someone"}),
)
LINK_ROUTES = (
    Route("contactlinks:remove", "post",
          kwargs=lambda link: {"pk": link.from_contact_id, "link_pk": link.pk}),
)  # fmt: skip

MATRICES = [
    *(
        matrix
        for visibility, row in ((Visibility.PERSONAL, PERSONAL), (Visibility.OFFICE, OFFICE))
        for matrix in (
            Matrix(f"contact {visibility}", _contact(visibility), CONTACT_ROUTES, row),
            Matrix(f"contact link {visibility}", _link(visibility), LINK_ROUTES, row),
        )
    ),
]


@pytest.mark.parametrize(("matrix", "route"), matrix_cases(MATRICES))
def test_each_persona_gets_the_documented_answer(matrix, route, personas):
    check_route(matrix, route, personas)

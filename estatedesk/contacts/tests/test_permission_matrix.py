"""Every URL of a personal record: the owner gets in, everyone else gets a 404 (or login)."""

import pytest
from django.test import Client
from django.urls import reverse

from estatedesk.contacts.models import ContactPerson
from estatedesk.contacts.tests.factories import ContactFactory, LeadFactory, RelationFactory
from estatedesk.core.choices import Visibility
from estatedesk.core.testing.matrix import (
    OFFICE,
    PERSONAL,
    Matrix,
    Route,
    check_route,
    matrix_cases,
    record_routes,
)

pytestmark = pytest.mark.django_db

FACTORIES = {"lead": LeadFactory, "contact": ContactFactory, "relation": RelationFactory}
CASES = [(model, route) for model in FACTORIES for route in record_routes(model)]


def call(client: Client, route, pk: int):
    url = reverse(route.name, args=[pk])
    return getattr(client, route.method)(url, route.data or {})


@pytest.mark.parametrize(("model", "route"), CASES, ids=lambda v: getattr(v, "name", v))
def test_personal_record_urls_answer_by_persona(model, route, alice, as_alice, as_bob, as_carol,
                                                as_admin, client):  # fmt: skip
    record = FACTORIES[model](owner=alice, visibility=Visibility.PERSONAL)

    anonymous = call(client, route, record.pk)
    assert anonymous.status_code == 302
    assert reverse("accounts:login") in anonymous["Location"]
    # Colleague, administrator (personal means personal) and another office: as if absent.
    for other in (as_bob, as_admin, as_carol):
        assert call(other, route, record.pk).status_code == 404
    assert call(as_alice, route, record.pk).status_code in (200, 302)


@pytest.mark.parametrize(("model", "route"), CASES, ids=lambda v: getattr(v, "name", v))
def test_office_record_urls_are_closed_to_other_offices(model, route, alice, as_carol, as_bob):
    record = FACTORIES[model](owner=alice, visibility=Visibility.OFFICE)
    assert call(as_carol, route, record.pk).status_code == 404
    # A colleague reaches it; only owner-level actions (delete, share) are refused outright.
    expected = (403,) if route.name.endswith(("_delete", "_share")) else (200, 302)
    assert call(as_bob, route, record.pk).status_code in expected


# --- the generic matrix (estatedesk.core.testing.matrix): every URL with an object id ---------


def person_of(relation):
    """A contact person of the relation, to remove (the contact itself is an office record)."""
    contact = ContactFactory(owner=relation.owner)
    return ContactPerson.objects.create(
        office=relation.office, relation=relation, contact=contact, role="finance"
    )


# On an office record a colleague may read and edit, but deleting and sharing are the owner's
# (and the administrator's): they answer 403, the record being visible to the colleague.
OWNER_ONLY = {"colleague": 403}


def record_matrix_routes(kind: str) -> tuple[Route, ...]:
    routes = [
        Route(f"contacts:{kind}_detail"),
        Route(f"contacts:{kind}_edit"),
        Route(f"contacts:{kind}_edit", "post", {}, ok=422),  # reached the form: nothing valid
        Route(f"contacts:{kind}_delete", expect=OWNER_ONLY),
        Route(f"contacts:{kind}_delete", "post", expect=OWNER_ONLY),
        Route(f"contacts:{kind}_categories", "post", {"categories": []}),
        Route(f"contacts:{kind}_share", "post", {"visibility": "office"}, expect=OWNER_ONLY),
        Route(f"api:{kind}-detail"),
        Route(f"api:{kind}-detail", "patch", {}),
        Route(f"api:{kind}-detail", "delete", expect=OWNER_ONLY),
        Route(f"api:{kind}-changes"),
    ]
    if kind == "lead":
        routes += [
            Route("contacts:lead_convert"),
            Route("contacts:lead_convert", "post", {}),
            Route("api:lead-convert", "post", {}),
            Route("api:lead-matches"),
        ]
    if kind == "relation":
        routes += [
            Route("contacts:relation_person_add", "post", {}),
            Route("api:relation-people"),
            Route("api:relation-people", "post", {}, ok=400),  # reached the serializer
        ]
    return tuple(routes)


def _record(factory, visibility):
    return lambda users: factory(owner=users.owner, visibility=visibility)


def _person(visibility):
    return lambda users: person_of(RelationFactory(owner=users.owner, visibility=visibility))


PERSON_ROUTES = (
    Route("contacts:relation_person_remove", "post",
          kwargs=lambda person: {"pk": person.relation_id, "person_pk": person.pk}),
    Route("api:relation-people-detail", "delete",
          kwargs=lambda person: {"pk": person.relation_id, "person_id": person.pk}),
)  # fmt: skip

MATRICES = [
    *(
        Matrix(f"{kind} {visibility}", _record(factory, visibility), routes, row)
        for kind, factory in (("lead", LeadFactory), ("contact", ContactFactory),
                              ("relation", RelationFactory))
        for visibility, row in ((Visibility.PERSONAL, PERSONAL), (Visibility.OFFICE, OFFICE))
        for routes in (record_matrix_routes(kind),)
    ),
    Matrix("relation person personal", _person(Visibility.PERSONAL), PERSON_ROUTES, PERSONAL),
    Matrix("relation person office", _person(Visibility.OFFICE), PERSON_ROUTES, OFFICE),
]  # fmt: skip


@pytest.mark.parametrize(("matrix", "route"), matrix_cases(MATRICES))
def test_each_persona_gets_the_documented_answer(matrix, route, personas):
    check_route(matrix, route, personas)

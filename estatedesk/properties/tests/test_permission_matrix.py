"""Every properties URL with an object id, page and API, answers each persona as the sharing
rules say: the owner gets in, a colleague only to office records, another office never (404)."""

import pytest

from estatedesk.contacts.tests.factories import ContactFactory, LeadFactory, RelationFactory
from estatedesk.core.choices import Visibility
from estatedesk.core.testing.matrix import (
    OFFICE,
    PERSONAL,
    Matrix,
    Route,
    check_route,
    matrix_cases,
)
from estatedesk.properties import services

from .factories import ProjectFactory, PropertyFactory, PropertyLinkFactory, image_upload

pytestmark = pytest.mark.django_db

VISIBILITIES = ((Visibility.PERSONAL, PERSONAL), (Visibility.OFFICE, OFFICE))
# On an office record a colleague reads and edits; deleting and sharing are the owner's (and
# the administrator's): a 403, the record being visible to the colleague.
OWNER_ONLY = {"colleague": 403}


def shared_routes(kind: str) -> tuple[Route, ...]:
    return (
        Route(f"properties:{kind}_detail"),
        Route(f"properties:{kind}_edit"),
        Route(f"properties:{kind}_edit", "post", {}, ok=422),  # reached the form
        Route(f"properties:{kind}_delete", expect=OWNER_ONLY),
        Route(f"properties:{kind}_delete", "post", expect=OWNER_ONLY),
        Route(f"properties:{kind}_share", "post", {"visibility": "office"}, expect=OWNER_ONLY),
    )


PROPERTY_ROUTES = (
    *shared_routes("property"),
    Route("properties:photo_upload", "post", {}),
    Route("properties:property_link_add", "post", {}),
    Route("api:property-detail"),
    Route("api:property-detail", "patch", {}),
    Route("api:property-detail", "delete", expect=OWNER_ONLY),
    Route("api:property-photos"),
    Route("api:property-changes"),
)
PROJECT_ROUTES = (
    *shared_routes("project"),
    Route("properties:project_person_add", "post", {}),
)


def _photo_kwargs(photo) -> dict:
    return {"pk": photo.property_id, "photo_pk": photo.pk}


PHOTO_ROUTES = (
    Route("properties:photo_file", kwargs=_photo_kwargs),
    Route("properties:photo_thumbnail", kwargs=_photo_kwargs),
    Route("properties:photo_delete", "post", kwargs=_photo_kwargs),
    Route("properties:photo_move", "post", {"direction": "up"}, kwargs=_photo_kwargs),
)
LINK_ROUTES = (
    Route("properties:link_remove", "post", kwargs=lambda link: {"link_pk": link.pk}),
    Route("api:property-link-detail"),
    Route("api:property-link-detail", "delete"),
)
PROJECT_PERSON_ROUTES = (
    Route("properties:project_person_remove", "post",
          kwargs=lambda person: {"pk": person.project_id, "person_pk": person.pk}),
)  # fmt: skip


def _property(visibility):
    return lambda users: PropertyFactory(owner=users.owner, visibility=visibility)


def _project(visibility):
    return lambda users: ProjectFactory(owner=users.owner, visibility=visibility)


def _photo(visibility):
    def make(users):
        prop = PropertyFactory(owner=users.owner, visibility=visibility)
        return services.photo_add(property=prop, actor=users.owner, upload=image_upload())

    return make


def _link(visibility):
    """A link between a property of that visibility and an office contact."""
    return lambda users: PropertyLinkFactory(
        property=PropertyFactory(owner=users.owner, visibility=visibility),
        contact=ContactFactory(owner=users.owner),
    )


def _project_person(visibility):
    def make(users):
        project = ProjectFactory(owner=users.owner, visibility=visibility)
        contact = ContactFactory(owner=users.owner)
        return services.project_person_add(
            project=project, contact=contact, role="architect", actor=users.owner
        )

    return make


def _person_record(factory, visibility):
    return lambda users: factory(owner=users.owner, visibility=visibility)


PERSON_LINK_ADD = (
    ("contact", ContactFactory),
    ("relation", RelationFactory),
    ("lead", LeadFactory),
)

MATRICES = [
    *(
        matrix
        for visibility, row in VISIBILITIES
        for matrix in (
            Matrix(f"property {visibility}", _property(visibility), PROPERTY_ROUTES, row),
            Matrix(f"project {visibility}", _project(visibility), PROJECT_ROUTES, row),
            Matrix(f"photo {visibility}", _photo(visibility), PHOTO_ROUTES, row),
            Matrix(f"property link {visibility}", _link(visibility), LINK_ROUTES, row),
            Matrix(f"project person {visibility}", _project_person(visibility),
                   PROJECT_PERSON_ROUTES, row),
            *(
                Matrix(f"{kind} {visibility}", _person_record(factory, visibility),
                       (Route(f"properties:{kind}_link_add", "post", {}),), row)
                for kind, factory in PERSON_LINK_ADD
            ),
        )
    ),
]  # fmt: skip


@pytest.mark.parametrize(("matrix", "route"), matrix_cases(MATRICES))
def test_each_persona_gets_the_documented_answer(matrix, route, personas):
    check_route(matrix, route, personas)

"""Every documents URL of a personal record: the owner gets in, everyone else a 404."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

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
from estatedesk.deals.tests.factories import DealFactory
from estatedesk.properties.tests.factories import ProjectFactory, PropertyFactory

from .factories import PDF, upload

pytestmark = pytest.mark.django_db


def calls(record, document):
    meta = record._meta
    return {
        "upload": lambda c: c.post(
            reverse("documents:upload", args=[meta.app_label, meta.model_name, record.pk]),
            {"file": SimpleUploadedFile("a.pdf", PDF), "kind": "other"},
        ),
        "download": lambda c: c.get(reverse("documents:download", args=[document.pk])),
        "delete": lambda c: c.post(reverse("documents:delete", args=[document.pk])),
    }


@pytest.mark.parametrize("factory", [LeadFactory, ContactFactory, RelationFactory])
@pytest.mark.parametrize("action", ["upload", "download", "delete"])
def test_personal_record_document_urls_answer_by_persona(
    factory, action, alice, as_alice, as_bob, as_carol, as_admin, client
):
    record = factory(owner=alice, visibility=Visibility.PERSONAL)
    call = calls(record, upload(record, alice))[action]

    anonymous = call(client)
    assert anonymous.status_code == 302
    assert reverse("accounts:login") in anonymous["Location"]
    for someone_else in (as_bob, as_admin, as_carol):
        assert call(someone_else).status_code == 404
    assert call(as_alice).status_code in (200, 302)


# --- the generic matrix (estatedesk.core.testing.matrix): every URL with an object id ---------

TARGETS = (
    ("lead", LeadFactory),
    ("contact", ContactFactory),
    ("relation", RelationFactory),
    ("property", PropertyFactory),
    ("project", ProjectFactory),
    ("deal", DealFactory),
)
VISIBILITIES = ((Visibility.PERSONAL, PERSONAL), (Visibility.OFFICE, OFFICE))


def _upload_kwargs(record) -> dict:
    meta = record._meta
    return {"app_label": meta.app_label, "model": meta.model_name, "pk": record.pk}


def _a_pdf(record) -> dict:
    return {"file": SimpleUploadedFile("a.pdf", PDF), "kind": "other"}


UPLOAD = Route("documents:upload", "post", _a_pdf, kwargs=_upload_kwargs)
DOCUMENT_ROUTES = (
    Route("documents:download"),
    # Only who uploaded a document (the owner here) or an administrator may delete it.
    Route("documents:delete", "post", expect={"colleague": 403}),
)


def _target(factory, visibility):
    return lambda users: factory(owner=users.owner, visibility=visibility)


def _document(factory, visibility):
    def make(users):
        return upload(factory(owner=users.owner, visibility=visibility), users.owner)

    return make


MATRICES = [
    *(
        matrix
        for kind, factory in TARGETS
        for visibility, row in VISIBILITIES
        for matrix in (
            Matrix(f"{kind} {visibility}", _target(factory, visibility), (UPLOAD,), row),
            Matrix(f"document of a {kind} {visibility}", _document(factory, visibility),
                   DOCUMENT_ROUTES, row),
        )
    ),
]  # fmt: skip


@pytest.mark.parametrize(("matrix", "route"), matrix_cases(MATRICES))
def test_each_persona_gets_the_documented_answer(matrix, route, personas):
    check_route(matrix, route, personas)

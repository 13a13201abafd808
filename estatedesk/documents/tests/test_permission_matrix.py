"""Every documents URL of a personal record: the owner gets in, everyone else a 404."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from estatedesk.contacts.tests.factories import ContactFactory, LeadFactory, RelationFactory
from estatedesk.core.choices import Visibility

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

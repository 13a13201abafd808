"""A file past the upload limit is refused while it streams in: never spooled to disk whole."""

from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import TemporaryFileUploadHandler
from django.urls import reverse

from estatedesk.contacts.tests.factories import ContactFactory
from estatedesk.documents.models import Document
from estatedesk.properties.models import PropertyPhoto
from estatedesk.properties.tests.factories import PropertyFactory

from .conftest import stored_files
from .factories import PDF
from .test_document_upload import post_file

pytestmark = pytest.mark.django_db

MB = 1024 * 1024


@pytest.fixture
def spooled(settings):
    """Limits of 1 MB (documents) and 1 MB (photos); counts the bytes spooled to disk."""
    settings.DOCUMENT_MAX_MB = 1
    settings.PHOTO_MAX_MB = 1
    counted = {"bytes": 0}
    real = TemporaryFileUploadHandler.receive_data_chunk

    def counting(handler, raw_data, start):
        counted["bytes"] += len(raw_data)
        return real(handler, raw_data, start)

    with mock.patch.object(TemporaryFileUploadHandler, "receive_data_chunk", counting):
        yield counted


def test_a_document_past_the_limit_is_refused_before_it_is_spooled_whole(
    alice, as_alice, private_dir, spooled
):
    contact = ContactFactory(owner=alice)

    response = post_file(as_alice, contact, "scan.pdf", PDF + b"%" * (8 * MB))

    assert (
        "“scan.pdf” is larger than the 1 MB an upload may be; nothing was saved."
        in response.content.decode()
    )
    assert spooled["bytes"] <= 1 * MB  # of the 8 MB sent
    assert not Document.objects.exists()
    assert stored_files(private_dir) == []


def test_a_photo_past_the_limit_is_refused_before_it_is_spooled_whole(as_alice, alice, spooled):
    prop = PropertyFactory(owner=alice)

    response = as_alice.post(
        reverse("properties:photo_upload", args=[prop.pk]),
        {"image": SimpleUploadedFile("view.jpg", b"\xff\xd8\xff" + bytes(8 * MB))},
        follow=True,
    )

    assert "“view.jpg” is larger than the 1 MB an upload may be" in response.content.decode()
    assert spooled["bytes"] <= 1 * MB
    assert not PropertyPhoto.objects.exists()


def test_a_document_just_within_the_limit_is_stored(alice, as_alice, private_dir, spooled):
    contact = ContactFactory(owner=alice)
    content = PDF + b"%" * (MB - len(PDF) - 1)

    post_file(as_alice, contact, "scan.pdf", content)

    assert Document.objects.get().size == len(content)

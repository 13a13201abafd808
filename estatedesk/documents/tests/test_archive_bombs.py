"""A decompression bomb posing as an office file is refused, named, and never inflated."""

import tracemalloc

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile

from estatedesk.contacts.tests.factories import ContactFactory
from estatedesk.core.testing.archives import MIB, build_zip, member, odt_bomb, zeros
from estatedesk.documents.models import Document
from estatedesk.documents.services import document_upload

from .conftest import stored_files
from .test_document_upload import post_file

pytestmark = pytest.mark.django_db

# Checking the 1 MB bomb may allocate this much at its peak; reading its first member whole
# took over 2 GB.
MEMORY_BOUND = 16 * MIB


def test_an_odt_whose_mimetype_inflates_to_a_gibibyte_is_refused_naming_the_limit(
    alice, as_alice, private_dir
):
    contact = ContactFactory(owner=alice)

    response = post_file(as_alice, contact, "offer.odt", odt_bomb(1024))

    page = response.content.decode().replace("\xa0", " ")
    assert "“offer.odt” holds a file of 1.0 GB; at most 100.0 MB is accepted." in page
    assert not Document.objects.exists()
    assert stored_files(private_dir) == []


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("offer.odt", odt_bomb(1024)),
        # A `mimetype` declaring 50 MiB (nothing absurd on paper) that inflates to a gibibyte.
        ("offer.odt", odt_bomb(1024, declared=50 * MIB)),
        ("figures.xlsx", build_zip(member("[Content_Types].xml", b"<T/>"), zeros("s.xml", 1024))),
    ],
    ids=["declared", "lying", "xlsx"],
)
def test_checking_a_bomb_stays_within_a_few_megabytes(alice, private_dir, name, content):
    contact = ContactFactory(owner=alice)
    upload = ContentFile(content, name=name)

    tracemalloc.start()
    try:
        with pytest.raises(ValidationError):
            document_upload(record=contact, actor=alice, file=upload)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert peak < MEMORY_BOUND
    assert not Document.objects.exists()


def test_an_ordinary_odt_is_still_accepted(alice, private_dir):
    contact = ContactFactory(owner=alice)
    odt = build_zip(
        member("mimetype", b"application/vnd.oasis.opendocument.text", method=0),
        member("content.xml", b"<office:document-content/>" * 1000),
    )

    document = document_upload(record=contact, actor=alice, file=ContentFile(odt, name="a.odt"))

    assert document.mime_type == "application/vnd.oasis.opendocument.text"

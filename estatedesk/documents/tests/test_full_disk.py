"""A disk that fills up during an upload: a clear error, no row, and no part of the file left."""

import errno

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from estatedesk.contacts.tests.factories import ContactFactory
from estatedesk.core.storage import StorageFull
from estatedesk.core.testing.disks import disk_full_after
from estatedesk.documents.models import Document
from estatedesk.documents.services import document_upload

from .conftest import stored_files
from .factories import PDF
from .test_document_upload import post_file

pytestmark = pytest.mark.django_db

# Several 64 KiB chunks: the disk fills up after the first one.
BIG_PDF = PDF + b"%" * (300 * 1024)


def test_a_full_disk_during_an_upload_is_a_clear_error_leaving_nothing(
    alice, as_alice, private_dir
):
    contact = ContactFactory(owner=alice)

    with disk_full_after(64 * 1024, under=private_dir) as filled:
        response = post_file(as_alice, contact, "deed.pdf", BIG_PDF)

    assert filled  # the write did start, and failed partway
    assert response.status_code == 200  # the Documents tab, with the error
    assert (
        "The server has no room to store “deed.pdf”; nothing was saved."
        in response.content.decode()
    )
    assert not Document.objects.exists()
    assert stored_files(private_dir) == []
    # documents/<office>/ may stay; the directory made for the file does not.
    assert all(len(p.relative_to(private_dir).parts) <= 2 for p in private_dir.rglob("*"))


@pytest.mark.parametrize("error", [errno.ENOSPC, errno.EDQUOT])
def test_the_service_raises_storage_full_for_no_space_and_over_quota(alice, private_dir, error):
    contact = ContactFactory(owner=alice)

    with (
        disk_full_after(1024, under=private_dir, error=error),
        pytest.raises(StorageFull) as refused,
    ):
        document_upload(record=contact, actor=alice, file=SimpleUploadedFile("a.pdf", BIG_PDF))

    assert refused.value.status_code == 507
    assert not Document.objects.exists()
    assert stored_files(private_dir) == []


def test_another_write_error_still_leaves_no_part_behind(alice, private_dir):
    contact = ContactFactory(owner=alice)

    with (
        disk_full_after(1024, under=private_dir, error=errno.EIO),
        pytest.raises(OSError, match="Input/output"),
    ):
        document_upload(record=contact, actor=alice, file=SimpleUploadedFile("a.pdf", BIG_PDF))

    assert stored_files(private_dir) == []

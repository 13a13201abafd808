"""Files whose upload was rolled back with the caller's transaction are swept up later."""

import io
import os
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import transaction

from estatedesk.contacts.tests.factories import ContactFactory
from estatedesk.documents.models import Document
from estatedesk.documents.services import document_upload

from .conftest import stored_files
from .factories import PDF, upload

pytestmark = pytest.mark.django_db


class Rollback(Exception):
    pass


def age(paths, seconds: int) -> None:
    past = time.time() - seconds
    for path in paths:
        os.utime(path, (past, past))


def test_sweep_removes_old_files_without_a_row_and_keeps_the_rest(alice, private_dir):
    contact = ContactFactory(owner=alice)
    kept = upload(contact, alice, name="kept.pdf")

    def upload_then_fail():
        with transaction.atomic():
            document_upload(
                record=contact,
                actor=alice,
                kind="other",
                file=SimpleUploadedFile("rolled-back.pdf", PDF),
            )
            raise Rollback

    with pytest.raises(Rollback):
        upload_then_fail()
    assert list(Document.objects.all()) == [kept]
    assert len(stored_files(private_dir)) == 2  # the rolled-back upload left its file

    out = io.StringIO()
    call_command("documents_sweep", stdout=out)
    assert len(stored_files(private_dir)) == 2  # too recent: an upload may be in flight

    age(stored_files(private_dir), 2 * 3600)
    call_command("documents_sweep", "--dry-run", stdout=out)
    assert len(stored_files(private_dir)) == 2
    call_command("documents_sweep", stdout=out)

    assert [p.name for p in stored_files(private_dir)] == ["kept.pdf"]
    assert "Removed 1 orphaned file(s)." in out.getvalue()

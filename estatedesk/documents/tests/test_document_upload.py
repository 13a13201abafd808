"""Uploading: to records the user sees only, only allowed types and sizes, all or nothing."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError
from django.urls import reverse

from estatedesk.contacts.tests.factories import ContactFactory
from estatedesk.core.choices import Visibility
from estatedesk.documents.models import Document
from estatedesk.documents.services import document_upload

from .conftest import stored_files
from .factories import PDF, PNG

pytestmark = pytest.mark.django_db


def upload_url(record) -> str:
    return reverse(
        "documents:upload", args=[record._meta.app_label, record._meta.model_name, record.pk]
    )


def post_file(client, record, name, content, **data):
    return client.post(
        upload_url(record),
        {"file": SimpleUploadedFile(name, content), "kind": "contract", **data},
        follow=True,
    )


def zip_bytes(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def test_upload_to_a_contact_stores_file_and_row(alice, as_alice, private_dir):
    contact = ContactFactory(owner=alice)

    response = post_file(as_alice, contact, "mandate.pdf", PDF, description="Signed mandate")

    document = Document.objects.get()
    assert document.record == contact
    assert document.office_id == alice.office_id
    assert document.uploaded_by == alice
    assert (document.original_name, document.size, document.mime_type) == (
        "mandate.pdf",
        len(PDF),
        "application/pdf",
    )
    assert document.file.startswith(f"documents/{alice.office_id}/")
    assert [p.read_bytes() for p in stored_files(private_dir)] == [PDF]
    # The tab the upload redirects to lists the document with who uploaded it.
    page = response.content.decode()
    assert "mandate.pdf" in page
    assert "Alice Agent" in page


def test_upload_to_an_invisible_record_is_404_and_stores_nothing(
    alice, as_bob, as_carol, private_dir
):
    contact = ContactFactory(owner=alice, visibility=Visibility.PERSONAL)

    assert post_file(as_bob, contact, "a.pdf", PDF).status_code == 404
    assert post_file(as_carol, ContactFactory(owner=alice), "a.pdf", PDF).status_code == 404

    assert not Document.objects.exists()
    assert stored_files(private_dir) == []


def test_upload_to_a_model_outside_the_allowlist_is_404(alice, as_alice, private_dir):
    url = reverse("documents:upload", args=["accounts", "user", alice.pk])
    response = as_alice.post(url, {"file": SimpleUploadedFile("a.pdf", PDF), "kind": "other"})
    assert response.status_code == 404
    assert stored_files(private_dir) == []


def test_oversize_file_is_refused_with_its_name_and_the_limit(
    alice, as_alice, private_dir, settings
):
    settings.DOCUMENT_MAX_MB = 1
    contact = ContactFactory(owner=alice)
    content = PDF + b"0" * (1024 * 1024 + 1 - len(PDF))

    response = post_file(as_alice, contact, "huge-scan.pdf", content)

    assert "huge-scan.pdf" in response.content.decode()
    assert "at most 1 MB" in response.content.decode()
    assert not Document.objects.exists()
    assert stored_files(private_dir) == []


def test_file_of_exactly_the_limit_is_accepted(alice, private_dir, settings):
    settings.DOCUMENT_MAX_MB = 1
    content = PDF + b"0" * (1024 * 1024 - len(PDF))
    document_upload(
        record=ContactFactory(owner=alice),
        actor=alice,
        file=SimpleUploadedFile("a.pdf", content),
        kind="other",
    )
    assert Document.objects.get().size == 1024 * 1024


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("setup.exe", b"MZ\x90\x00" + b"\x00" * 60),  # not an allowed extension
        ("contract.pdf", b"MZ\x90\x00" + b"\x00" * 60),  # a program renamed to .pdf
        ("photo.jpg", PNG),  # a PNG is not a JPEG
        ("notes.txt", b"\x7fELF\x02\x01\x01" + b"\x00" * 60),  # a binary called text
        ("offer.docx", zip_bytes({"payload.exe": b"MZ"})),  # a ZIP, but no Office document
        ("sheet.ods", zip_bytes({"mimetype": b"application/vnd.oasis.opendocument.text"})),
    ],
)
def test_disallowed_or_spoofed_files_are_refused(alice, as_alice, private_dir, name, content):
    contact = ContactFactory(owner=alice)

    response = post_file(as_alice, contact, name, content)

    assert name in response.content.decode()
    assert not Document.objects.exists()
    assert stored_files(private_dir) == []


@pytest.mark.parametrize(
    ("name", "content", "mime"),
    [
        ("plan.png", PNG, "image/png"),
        ("id.jpeg", b"\xff\xd8\xff\xe0" + b"\x00" * 60, "image/jpeg"),
        ("house.webp", b"RIFF\x00\x00\x00\x00WEBPVP8 ", "image/webp"),
        ("iphone.HEIC", b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00", "image/heic"),
        (
            "offer.docx",
            zip_bytes({"[Content_Types].xml": b"<Types/>"}),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        (
            "letter.odt",
            zip_bytes({"mimetype": b"application/vnd.oasis.opendocument.text"}),
            "application/vnd.oasis.opendocument.text",
        ),
        ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 60, "application/msword"),
        ("notes.txt", "Sleutel bij de buren — bezichtiging 14:00.".encode(), "text/plain"),
    ],
)
def test_allowed_types_are_recognised_by_their_content(alice, private_dir, name, content, mime):
    document_upload(
        record=ContactFactory(owner=alice),
        actor=alice,
        file=SimpleUploadedFile(name, content),
        kind="other",
    )
    assert Document.objects.get().mime_type == mime
    assert len(stored_files(private_dir)) == 1


def test_a_failed_database_write_leaves_no_file_behind(alice, private_dir, monkeypatch):
    contact = ContactFactory(owner=alice)

    def fail(*args, **kwargs):
        raise DatabaseError("disk full")

    monkeypatch.setattr(Document, "save", fail)
    with pytest.raises(DatabaseError):
        document_upload(
            record=contact, actor=alice, file=SimpleUploadedFile("a.pdf", PDF), kind="other"
        )

    assert stored_files(private_dir) == []


def test_files_are_stored_under_a_random_directory_of_the_office(alice, private_dir):
    contact = ContactFactory(owner=alice)
    first = document_upload(
        record=contact,
        actor=alice,
        kind="other",
        file=SimpleUploadedFile("Koopakte de Boer.pdf", PDF),
    )
    second = document_upload(
        record=contact,
        actor=alice,
        kind="other",
        file=SimpleUploadedFile("Koopakte de Boer.pdf", PDF),
    )

    assert first.original_name == second.original_name == "Koopakte de Boer.pdf"
    office_dir = private_dir / "documents" / str(alice.office_id)
    directories = {p.parent for p in stored_files(private_dir)}
    assert len(directories) == 2
    for directory in directories:
        assert directory.parent == office_dir
        assert len(directory.name) == 32  # a uuid4, not the record's or document's id


def test_unknown_kind_is_refused_naming_the_field(alice, private_dir):
    with pytest.raises(ValidationError) as exc:
        document_upload(
            record=ContactFactory(owner=alice),
            actor=alice,
            file=SimpleUploadedFile("a.pdf", PDF),
            kind="love-letter",
        )
    assert "kind" in exc.value.message_dict
    assert stored_files(private_dir) == []

"""A disk that fills up while a message's attachments are stored: a JSON 507, nothing taken in,
no file left, and the mail server's retry later takes the message in whole."""

from email.message import EmailMessage
from pathlib import Path

import pytest
from django.conf import settings

from estatedesk.contacts.models import Lead
from estatedesk.core.testing.disks import disk_full_after
from estatedesk.documents.models import Document
from estatedesk.intake.models import IntakeMessage

from .test_endpoint_and_fetching import post_message

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n" + b"%" * (200 * 1024)


def message_with_two_pdfs() -> bytes:
    msg = EmailMessage()
    msg["From"] = "Tom Peters <tom@example.org>"
    msg["Subject"] = "Signed papers"
    msg["Message-ID"] = "<papers@example.org>"
    msg.set_content("Both signed.")
    for name in ("mandate.pdf", "deed.pdf"):
        msg.add_attachment(PDF, maintype="application", subtype="pdf", filename=name)
    return msg.as_bytes()


def stored_files() -> list[Path]:
    root = Path(settings.STORAGES["private"]["OPTIONS"]["location"])
    return [p for p in root.rglob("*") if p.is_file()]


def test_a_full_disk_while_storing_attachments_answers_507_and_takes_nothing_in(endpoint_box):
    _mailbox, secret = endpoint_box
    before = stored_files()
    root = Path(settings.STORAGES["private"]["OPTIONS"]["location"])

    # Room for the first attachment, not the second.
    with disk_full_after(300 * 1024, under=root) as filled:
        response = post_message(message_with_two_pdfs(), secret)

    assert filled
    assert response.status_code == 507
    assert response["Content-Type"] == "application/json"
    assert response["Retry-After"] == "600"
    assert response.json() == {
        "detail": "The server has no room to store “deed.pdf”; nothing was saved. "
        "Try again later, or tell your administrator."
    }
    assert not IntakeMessage.objects.exists()
    assert not Lead.objects.exists()
    assert not Document.objects.exists()
    assert stored_files() == before

    # When there is room again, the mail server's retry takes it in whole.
    retry = post_message(message_with_two_pdfs(), secret)

    assert retry.status_code == 201
    assert sorted(Document.objects.values_list("original_name", flat=True)) == [
        "deed.pdf",
        "mandate.pdf",
    ]

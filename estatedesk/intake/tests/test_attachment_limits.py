"""Attachments are held to the documents' limits: a bomb is listed, never inflated or stored."""

import tracemalloc
from email.message import EmailMessage

import pytest

from estatedesk.contacts.models import Lead
from estatedesk.core.testing.archives import MIB, odt_bomb
from estatedesk.documents.models import Document
from estatedesk.intake.services import message_intake

from .test_endpoint_and_fetching import post_message

pytestmark = pytest.mark.django_db


def message_with(filename: str, content: bytes, message_id: str = "<bomb@example.org>") -> bytes:
    msg = EmailMessage()
    msg["From"] = "Tom Peters <tom@example.org>"
    msg["Subject"] = "The offer"
    msg["Message-ID"] = message_id
    msg.set_content("See the attached offer.")
    msg.add_attachment(content, maintype="application",
                       subtype="vnd.oasis.opendocument.text", filename=filename)  # fmt: skip
    return msg.as_bytes()


def test_a_bomb_attached_to_a_posted_message_is_listed_but_not_stored(endpoint_box):
    _mailbox, secret = endpoint_box

    response = post_message(message_with("offer.odt", odt_bomb(1024)), secret)

    assert response.status_code == 201
    assert response.json()["attachments"] == ["offer.odt"]
    assert Lead.objects.count() == 1
    assert not Document.objects.exists()


def test_taking_in_a_message_with_a_bomb_stays_within_tens_of_megabytes(office, admin):
    raw = message_with("offer.odt", odt_bomb(1024))

    tracemalloc.start()
    try:
        result = message_intake(office=office, raw=raw)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    # The 1.4 MB message is parsed and decoded (a few copies); the bomb is never inflated.
    assert peak < 32 * MIB
    assert result.documents == []

"""Real RFC 822 messages, built with the stdlib `email` classes or written out as bytes."""

from email.message import EmailMessage

import pytest

from estatedesk.intake import mailboxes
from estatedesk.intake.choices import MailboxKind


def plain_message(
    *,
    sender: str = "Eva de Vries <eva@example.org>",
    subject: str = "Question about your listing",
    body: str = "Is the apartment still available?",
    message_id: str | None = "<q1@mail.example.org>",
    reply_to: str | None = None,
) -> bytes:
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = "info@homes.example"
    msg["Subject"] = subject
    msg["Date"] = "Mon, 02 Nov 2026 09:30:00 +0100"
    if message_id:
        msg["Message-ID"] = message_id
    if reply_to:
        msg["Reply-To"] = reply_to
    msg.set_content(body)
    return msg.as_bytes()


@pytest.fixture
def endpoint_box(admin):
    """A mailbox that is only posted to; (mailbox, its secret)."""
    return mailboxes.mailbox_save(actor=admin, name="Inbox", kind=MailboxKind.ENDPOINT)

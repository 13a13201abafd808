"""Reading an RFC 822 message with Python's `email` package: who, what, and what it carried."""

from __future__ import annotations

import email.policy
import hashlib
from dataclasses import dataclass, field
from datetime import datetime
from email.message import EmailMessage, Message
from email.parser import BytesParser
from email.utils import getaddresses, parseaddr
from html.parser import HTMLParser
from typing import cast

# Declared Latin-1 (or ASCII) is, in practice, Windows-1252: the same letters, plus the curly
# quotes, dashes and € that mail programs put in bytes 0x80-0x9F (what browsers do too).
CHARSET_ALIASES = {"iso-8859-1": "cp1252", "latin-1": "cp1252", "latin1": "cp1252",
                   "us-ascii": "cp1252", "ascii": "cp1252"}  # fmt: skip
MAX_BODY_CHARS = 50_000


@dataclass
class Attachment:
    name: str
    content_type: str
    data: bytes = field(repr=False)


@dataclass
class ParsedMessage:
    message_id: str
    message_key: str
    sender: str
    display_name: str
    subject: str
    body: str
    date: datetime | None
    attachments: list[Attachment]
    automatic_reply: bool = False

    @property
    def first_and_last_name(self) -> tuple[str, str]:
        return split_name(self.display_name, self.sender)


def split_name(display_name: str, address: str = "") -> tuple[str, str]:
    """“Maria van den Berg” → (Maria, van den Berg); “Berg, Maria” → (Maria, Berg)."""
    name = " ".join(display_name.replace('"', " ").split())
    if not name or "@" in name or name.lower() == address.lower():
        return "", ""
    if "," in name:
        last, _, first = name.partition(",")
        return first.strip()[:100], last.strip()[:100]
    first, _, last = name.partition(" ")
    return first[:100], last.strip()[:100]


class _TextExtractor(HTMLParser):
    """HTML to readable text: blocks on their own lines, scripts and styles left out."""

    BLOCKS = frozenset(
        {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre",
         "table", "ul", "ol", "hr", "section", "article"}
    )  # fmt: skip
    SKIP = frozenset({"script", "style", "head", "title"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self.skipping += 1
        elif tag in self.BLOCKS:
            self.parts.append("\n")
            if tag == "li":
                self.parts.append("- ")

    def handle_endtag(self, tag):
        if tag in self.SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)

    def text(self) -> str:
        lines = [" ".join(line.split()) for line in "".join(self.parts).splitlines()]
        out: list[str] = []
        for line in lines:
            if line or (out and out[-1]):
                out.append(line)
        return "\n".join(out).strip()


def html_to_text(html: str) -> str:
    parser = _TextExtractor()
    parser.feed(html)
    parser.close()
    return parser.text()


def _decode(part: Message) -> str:
    """The text of a part in whatever charset it declares; never fails on a bad one."""
    # Decoded, a part's payload is bytes (None for a multipart part); the stubs say less.
    payload = cast("bytes | None", part.get_payload(decode=True)) or b""
    charset = (part.get_content_charset() or "utf-8").lower()
    charset = CHARSET_ALIASES.get(charset, charset)
    try:
        return payload.decode(charset, errors="replace")
    except LookupError:  # a charset Python does not know
        return payload.decode("utf-8", errors="replace")


def _header(msg: EmailMessage, name: str) -> str:
    try:
        value = msg.get(name)
    except (ValueError, IndexError, TypeError):  # a header the parser cannot make sense of
        value = None
    return " ".join(str(value).split()) if value is not None else ""


def _address(msg: EmailMessage, name: str) -> tuple[str, str]:
    """(display name, address) of the first mailbox in a header, decoded (RFC 2047)."""
    try:
        header = msg.get(name)
        addresses = getattr(header, "addresses", None)
        if addresses:
            first = addresses[0]
            if first.addr_spec and "@" in first.addr_spec:
                return first.display_name, first.addr_spec
    except (ValueError, IndexError, TypeError, AttributeError):
        pass
    raw = msg.get_all(name, failobj=[])
    for display, addr in getaddresses([str(v) for v in raw]) or [parseaddr("")]:
        if "@" in addr:
            return display, addr
    return "", ""


def _body(msg: EmailMessage) -> str:
    try:
        part = msg.get_body(preferencelist=("plain", "html"))
    except (KeyError, TypeError):
        part = None
    if part is None:
        if msg.get_content_maintype() == "text":
            part = msg
        else:
            return ""
    text = _decode(part)
    if part.get_content_subtype() == "html":
        text = html_to_text(text)
    text = text.replace("\r\n", "\n").strip()
    return text[:MAX_BODY_CHARS]


def _attachments(msg: EmailMessage) -> list[Attachment]:
    found = []
    for part in msg.walk():
        if part.is_multipart():
            continue
        name = part.get_filename()
        if not name and part.get_content_disposition() != "attachment":
            continue
        name = " ".join((name or "attachment").split())
        data = cast("bytes | None", part.get_payload(decode=True)) or b""  # as in _decode
        found.append(Attachment(name=name, content_type=part.get_content_type(), data=data))
    return found


def _date(msg: EmailMessage) -> datetime | None:
    try:
        header = msg.get("date")
        value = getattr(header, "datetime", None)
    except (ValueError, IndexError, TypeError):
        return None
    if value is None or value.tzinfo is None:
        return None
    return value


BOUNCE_SENDERS = ("mailer-daemon@", "postmaster@")


def _is_automatic_reply(msg: EmailMessage, sender: str) -> bool:
    """An out-of-office reply or a delivery failure: answering or filing it as a lead would
    start a mail loop. Auto-generated notices (portal inquiries) are not replies and count."""
    auto_submitted = _header(msg, "auto-submitted").lower()
    return (
        auto_submitted.startswith("auto-replied")
        or bool(_header(msg, "x-autoreply") or _header(msg, "x-autorespond"))
        or _header(msg, "precedence").lower() == "auto_reply"
        or msg.get_content_type() == "multipart/report"
        or sender.lower().startswith(BOUNCE_SENDERS)
    )


def parse_message(raw: bytes) -> ParsedMessage:
    """Read `raw` (an RFC 822 message). The sender is Reply-To if given (portals send From
    themselves and Reply-To the person who asked), else From."""
    msg = BytesParser(policy=email.policy.default).parsebytes(raw)
    display, sender = _address(msg, "reply-to")
    from_display, from_address = _address(msg, "from")
    if not sender:
        display, sender = from_display, from_address
    elif not display and from_address.lower() == sender.lower():
        display = from_display
    message_id = _header(msg, "message-id")
    key_source = message_id.strip().lower().encode() if message_id else raw
    return ParsedMessage(
        message_id=message_id,
        message_key=hashlib.sha256(key_source).hexdigest(),
        sender=sender.strip().lower(),
        display_name=display.strip(),
        subject=_header(msg, "subject"),
        body=_body(msg),
        date=_date(msg),
        attachments=_attachments(msg),
        automatic_reply=_is_automatic_reply(msg, sender or from_address),
    )

"""Reading new messages from a maildir or an IMAP folder into `message_intake`.

One bad message is logged and left where it is (tried again on the next run); it never stops
the others. Maildir: what was taken in moves from new/ to cur/ (flag Seen). IMAP: UNSEEN
messages are fetched without marking them, and marked Seen once taken in.
"""

from __future__ import annotations

import contextlib
import imaplib
import logging
import mailbox as mailboxlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from .choices import MailboxKind
from .models import Mailbox
from .services import message_intake

logger = logging.getLogger(__name__)


@dataclass
class RunSummary:
    taken_in: int = 0
    duplicates: int = 0  # and automatic replies, left alone
    failed: int = 0
    errors: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        text = (
            f"{self.taken_in} taken in, {self.duplicates} already known or automatic, "
            f"{self.failed} failed"
        )
        return f"{text}: {self.errors[0]}" if self.errors else text


def _take(mailbox: Mailbox, raw: bytes, summary: RunSummary, label: str) -> bool:
    try:
        result = message_intake(office=mailbox.office, raw=raw, mailbox=mailbox)
    except Exception as exc:
        logger.exception("Mailbox %s: message %s failed", mailbox.pk, label)
        summary.failed += 1
        summary.errors.append(f"{label}: {exc}"[:300])
        return False
    if result.outcome in ("duplicate", "ignored"):
        summary.duplicates += 1
    else:
        summary.taken_in += 1
    return True


def read_maildir(mailbox: Mailbox, summary: RunSummary) -> None:
    box = mailboxlib.Maildir(mailbox.path, factory=None, create=False)
    for key in list(box.iterkeys()):
        try:
            message = box.get_message(key)
        except (KeyError, OSError):  # taken by a concurrent run
            continue
        if message.get_subdir() != "new":
            continue
        raw = box.get_bytes(key)
        if _take(mailbox, raw, summary, key):
            message.set_subdir("cur")
            message.add_flag("S")
            try:
                box[key] = message  # rewritten into cur/ (Maildir's own way to move one)
            except (KeyError, OSError):  # moved by a concurrent run; taken in once anyway
                logger.info("Mailbox %s: message %s already moved", mailbox.pk, key)


ImapFactory = Callable[[Mailbox], Any]


def connect_imap(mailbox: Mailbox) -> Any:
    cls = imaplib.IMAP4_SSL if mailbox.use_ssl else imaplib.IMAP4
    port = mailbox.port or (993 if mailbox.use_ssl else 143)
    return cls(mailbox.host, port, timeout=60)


def read_imap(mailbox: Mailbox, summary: RunSummary, connect: ImapFactory = connect_imap) -> None:
    imap = connect(mailbox)
    try:
        imap.login(mailbox.username, mailbox.password)
        status, _data = imap.select(_quoted(mailbox.folder or "INBOX"))
        if status != "OK":
            raise imaplib.IMAP4.error(f"cannot open folder {mailbox.folder}")
        status, data = imap.uid("SEARCH", None, "UNSEEN")
        uids = data[0].split() if status == "OK" and data and data[0] else []
        for uid in uids:
            label = f"UID {uid.decode()}"
            status, fetched = imap.uid("FETCH", uid, "(BODY.PEEK[])")
            raw = next((part[1] for part in fetched or [] if isinstance(part, tuple)), None)
            if status != "OK" or raw is None:
                summary.failed += 1
                summary.errors.append(f"{label}: could not fetch")
                continue
            if _take(mailbox, raw, summary, label):
                imap.uid("STORE", uid, "+FLAGS", "(\\Seen)")
    finally:
        # The run's outcome is decided; a failing goodbye changes nothing.
        with contextlib.suppress(Exception):
            imap.logout()


def _quoted(folder: str) -> str:
    return folder if folder.startswith('"') else '"' + folder.replace('"', '\\"') + '"'


def mailbox_run(mailbox: Mailbox, *, imap_factory: ImapFactory = connect_imap) -> RunSummary:
    """Read one mailbox's new messages; records when and how it went on the mailbox."""
    summary = RunSummary()
    try:
        if mailbox.kind == MailboxKind.MAILDIR:
            read_maildir(mailbox, summary)
        elif mailbox.kind == MailboxKind.IMAP:
            read_imap(mailbox, summary, imap_factory)
    except Exception as exc:
        logger.exception("Mailbox %s could not be read", mailbox.pk)
        summary.errors.insert(0, str(exc)[:300] or exc.__class__.__name__)
        summary.failed += 1
    Mailbox.objects.filter(pk=mailbox.pk).update(
        last_run_at=timezone.now(), last_run_summary=str(summary)[:500]
    )
    return summary


def mailboxes_run(mailbox_id: int | None = None, **kwargs) -> dict[int, RunSummary]:
    """Every active maildir and IMAP mailbox (or the one given, even inactive)."""
    boxes = Mailbox.objects.select_related("office").exclude(kind=MailboxKind.ENDPOINT)
    boxes = boxes.filter(pk=mailbox_id) if mailbox_id is not None else boxes.filter(is_active=True)
    return {box.pk: mailbox_run(box, **kwargs) for box in boxes.order_by("pk")}

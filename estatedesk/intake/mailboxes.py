"""Setting up mailboxes (office administrators), and finding one by its endpoint secret."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from estatedesk.accounts.models import User
from estatedesk.core.permissions import require_admin

from .choices import MailboxKind
from .models import Mailbox
from .services import active_staff


def secret_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def mailbox_for_secret(secret: str) -> Mailbox | None:
    if not secret:
        return None
    return (
        Mailbox.objects.filter(secret_hash=secret_hash(secret), is_active=True)
        .select_related("office")
        .first()
    )


MAILBOX_FIELDS = ("name", "kind", "path", "host", "port", "use_ssl", "username", "password",
                  "folder", "default_owner")  # fmt: skip


@transaction.atomic
def mailbox_save(
    *, actor: User, mailbox: Mailbox | None = None, **fields: Any
) -> tuple[Mailbox, str]:
    """Create or change a mailbox of the actor's office; returns (mailbox, new secret or "").

    A new mailbox gets an endpoint secret, returned once: only its hash is kept. An empty
    password on a change keeps the stored one.
    """
    office_id = require_admin(actor)
    unknown = set(fields) - set(MAILBOX_FIELDS)
    if unknown:
        raise TypeError(f"mailbox_save() cannot set {', '.join(sorted(unknown))}")
    creating = mailbox is None
    if mailbox is None:
        mailbox = Mailbox(office_id=office_id)
    else:
        fresh = (
            Mailbox.objects.select_for_update().filter(pk=mailbox.pk, office_id=office_id).first()
        )
        if fresh is None:
            raise PermissionDenied
        mailbox = fresh
        if not fields.get("password"):
            fields.pop("password", None)
    for name, value in fields.items():
        setattr(mailbox, name, value.strip() if isinstance(value, str) else value)
    errors: dict[str, str] = {}
    if not mailbox.name:
        errors["name"] = _("Give the mailbox a name.")
    if mailbox.kind == MailboxKind.MAILDIR and not mailbox.path:
        errors["path"] = _("Give the maildir's directory.")
    if mailbox.kind == MailboxKind.IMAP:
        for name in ("host", "username"):
            if not getattr(mailbox, name):
                errors[name] = _("Required for IMAP.")
        mailbox.folder = mailbox.folder or "INBOX"
    owner = mailbox.default_owner
    if owner is not None and (owner.office_id != office_id or not active_staff(owner)):
        errors["default_owner"] = _("Choose an active user of your office.")
    if errors:
        raise ValidationError(errors)
    secret = ""
    if creating:
        secret = secrets.token_urlsafe(32)
        mailbox.secret_hash = secret_hash(secret)
    mailbox.full_clean(exclude=["office", "default_owner"])
    mailbox.save()
    return mailbox, secret


@transaction.atomic
def mailbox_new_secret(*, mailbox: Mailbox, actor: User) -> str:
    """A new endpoint secret; the old one stops working at once. Shown once."""
    office_id = require_admin(actor)
    secret = secrets.token_urlsafe(32)
    if not Mailbox.objects.filter(pk=mailbox.pk, office_id=office_id).update(
        secret_hash=secret_hash(secret), updated_at=timezone.now()
    ):
        raise PermissionDenied
    return secret


@transaction.atomic
def mailbox_set_active(*, mailbox: Mailbox, actor: User, active: bool) -> Mailbox:
    office_id = require_admin(actor)
    if not Mailbox.objects.filter(pk=mailbox.pk, office_id=office_id).update(
        is_active=active, updated_at=timezone.now()
    ):
        raise PermissionDenied
    mailbox.is_active = active
    return mailbox

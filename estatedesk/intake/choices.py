"""Kinds of mailboxes, and what became of a message."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class MailboxKind(models.TextChoices):
    MAILDIR = "maildir", _("Maildir on this server")
    IMAP = "imap", _("IMAP")
    ENDPOINT = "endpoint", _("Posted to EstateDesk (no fetching)")


class IntakeOutcome(models.TextChoices):
    CREATED_LEAD = "created_lead", _("New lead")
    LOGGED = "logged", _("Logged on an existing record")
    DUPLICATE = "duplicate", _("Already received")
    IGNORED = "ignored", _("Ignored: an automatic reply or a bounce")

"""E-mail to lead: mailboxes read into leads and activities, and the messages they brought."""

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from estatedesk.core.models import OfficeOwnedModel

from .choices import IntakeOutcome, MailboxKind

if TYPE_CHECKING:
    from estatedesk.contacts.models import Contact, Lead


class Mailbox(OfficeOwnedModel):
    """Where an office's inquiries arrive: a maildir, an IMAP folder, or posts to the endpoint.

    The IMAP password is stored as given, in the database (see docs/lead-capture.md); the
    endpoint secret only as a SHA-256 hash.
    """

    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=10, choices=MailboxKind.choices)
    path = models.CharField(_("maildir path"), max_length=500, blank=True)
    host = models.CharField(_("IMAP host"), max_length=255, blank=True)
    port = models.PositiveIntegerField(_("IMAP port"), null=True, blank=True)
    use_ssl = models.BooleanField(_("SSL"), default=True)
    username = models.CharField(_("user name"), max_length=255, blank=True)
    password = models.CharField(_("password"), max_length=255, blank=True)
    folder = models.CharField(_("folder"), max_length=255, default="INBOX", blank=True)
    default_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name=_("owner of new leads"),
    )  # fmt: skip
    secret_hash = models.CharField(max_length=64, blank=True, default="", editable=False)
    is_active = models.BooleanField(_("active"), default=True)
    last_run_at = models.DateTimeField(_("last run"), null=True, blank=True)
    last_run_summary = models.CharField(_("last run result"), max_length=500, blank=True)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("mailbox")
        verbose_name_plural = _("mailboxes")
        indexes = [models.Index(fields=["office", "name"], name="mailbox_office_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["secret_hash"], condition=~Q(secret_hash=""), name="mailbox_secret_unique"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("intake:mailbox_detail", args=[self.pk])


class IntakeMessage(OfficeOwnedModel):
    """One e-mail taken in, once per office and Message-ID, and where it went."""

    mailbox = models.ForeignKey(
        Mailbox, on_delete=models.SET_NULL, null=True, blank=True, related_name="messages"
    )
    # SHA-256 of the Message-ID (or of the whole message when it has none): what makes the
    # same message, fetched or posted twice, land once.
    message_key = models.CharField(max_length=64, editable=False)
    message_id = models.TextField(_("Message-ID"), blank=True)
    sender = models.CharField(_("from"), max_length=254)
    subject = models.CharField(_("subject"), max_length=300, blank=True)
    outcome = models.CharField(_("outcome"), max_length=12, choices=IntakeOutcome.choices)
    lead = models.ForeignKey(
        "contacts.Lead", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    contact = models.ForeignKey(
        "contacts.Contact", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    activity = models.ForeignKey(
        "activities.Activity", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    property = models.ForeignKey(
        "properties.Property", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    attachments = models.JSONField(_("attachments"), default=list, blank=True)

    # Set on the messages a mailbox's page lists: the record, if the reader may see it.
    shown_record: "Lead | Contact | None"

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("received e-mail")
        verbose_name_plural = _("received e-mails")
        indexes = [
            models.Index(fields=["office", "mailbox", "created_at"], name="intakemessage_list_idx")
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["office", "message_key"], name="intakemessage_office_key_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.sender}: {self.subject}"

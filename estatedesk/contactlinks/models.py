"""Links between two contacts (partner, family, colleague, referred by, assistant)."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Greatest, Least
from django.utils.translation import gettext_lazy as _

from estatedesk.core.models import OfficeOwnedModel

from .choices import REVERSE_LABELS, SYMMETRIC_KINDS, LinkKind


class ContactLink(OfficeOwnedModel):
    """Two contacts of one office and how they are related; stored once, shown on both.

    It reads from `from_contact`: “from_contact is <kind> to_contact” (Ann — referred by —
    Bram); Bram's page shows the reverse label (“Referred Ann”). Symmetric kinds exist once
    per pair, whichever way round they were entered.
    """

    from_contact = models.ForeignKey(
        "contacts.Contact",
        on_delete=models.CASCADE,
        related_name="links_from",
        verbose_name=_("contact"),
    )
    to_contact = models.ForeignKey(
        "contacts.Contact",
        on_delete=models.CASCADE,
        related_name="links_to",
        verbose_name=_("related contact"),
    )
    kind = models.CharField(_("relationship"), max_length=12, choices=LinkKind.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )

    class Meta:
        ordering = ["kind", "pk"]
        verbose_name = _("contact link")
        verbose_name_plural = _("contact links")
        indexes = [
            models.Index(fields=["office", "from_contact"], name="contactlink_from_idx"),
            models.Index(fields=["office", "to_contact"], name="contactlink_to_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(from_contact=F("to_contact")), name="contactlink_not_self"
            ),
            models.UniqueConstraint(
                fields=["from_contact", "to_contact", "kind"], name="contactlink_unique"
            ),
            models.UniqueConstraint(
                Least("from_contact", "to_contact"),
                Greatest("from_contact", "to_contact"),
                "kind",
                condition=Q(kind__in=sorted(SYMMETRIC_KINDS)),
                name="contactlink_symmetric_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.from_contact} — {self.get_kind_display()} — {self.to_contact}"

    def label_for(self, contact_id: int) -> str:
        """How the link reads on the page of one of its two contacts."""
        if contact_id == self.from_contact_id:
            return str(self.get_kind_display())
        return str(REVERSE_LABELS[self.kind])

    def other(self, contact_id: int):
        return self.to_contact if contact_id == self.from_contact_id else self.from_contact

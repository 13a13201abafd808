"""Webhooks: subscriptions to events and their signed deliveries."""

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from estatedesk.core.models import OfficeOwnedModel

from .choices import DeliveryStatus, WebhookEvent


def new_secret() -> str:
    return "whsec_" + secrets.token_urlsafe(32)


class Webhook(OfficeOwnedModel):
    """An address of the office's own systems that gets a signed POST for chosen events."""

    url = models.URLField(_("URL"), max_length=2000)
    events = models.JSONField(_("events"), default=list, blank=True)
    # Kept readable (not hashed): every delivery is signed with it.
    secret = models.CharField(_("signing secret"), max_length=100, default=new_secret)
    is_active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("created by"),
    )  # fmt: skip

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("webhook")
        verbose_name_plural = _("webhooks")
        indexes = [models.Index(fields=["office", "is_active"], name="webhook_office_idx")]

    def __str__(self) -> str:
        return self.url

    def get_absolute_url(self) -> str:
        return reverse("webhooks:edit", args=[self.pk])

    def get_event_labels(self) -> list[str]:
        labels = dict(WebhookEvent.choices)
        return [str(labels.get(e, e)) for e in self.events]


class Delivery(OfficeOwnedModel):
    """One event for one webhook, and how far sending it got.

    `status` with `claim_token` and `lease_until` is what makes a delivery that succeeded never
    be sent again, whatever the workers do: see docs/webhooks.md.
    """

    webhook = models.ForeignKey(
        Webhook, on_delete=models.CASCADE, related_name="deliveries", verbose_name=_("webhook")
    )
    event = models.CharField(_("event"), max_length=40)
    # Sent as X-EstateDesk-Delivery: the same on every attempt, for the receiver to deduplicate.
    event_id = models.UUIDField(_("delivery id"), default=uuid.uuid4, editable=False)
    payload = models.JSONField(_("payload"), default=dict)
    status = models.CharField(
        _("status"), max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    claim_token = models.CharField(max_length=32, blank=True, default="", editable=False)
    lease_until = models.DateTimeField(null=True, blank=True, editable=False)
    response_code = models.PositiveSmallIntegerField(_("response code"), null=True, blank=True)
    response_excerpt = models.TextField(_("response"), blank=True, default="")
    last_error = models.TextField(_("last error"), blank=True, default="")
    last_attempt_at = models.DateTimeField(_("last attempt"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        indexes = [
            models.Index(fields=["office", "webhook", "-created_at"], name="delivery_list_idx"),
            # The sweeper's question, across offices: what is due, or stuck with a dead worker?
            models.Index(fields=["status", "next_attempt_at"], name="delivery_due_idx"),
            models.Index(fields=["status", "lease_until"], name="delivery_lease_idx"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["webhook", "event_id"], name="delivery_once_per_event"),
            models.CheckConstraint(
                condition=~Q(status=DeliveryStatus.DELIVERING)
                | (Q(lease_until__isnull=False) & ~Q(claim_token="")),
                name="delivery_delivering_has_claim",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event} → {self.webhook_id} ({self.status})"

    @property
    def can_retry(self) -> bool:
        return self.status in (DeliveryStatus.FAILED, DeliveryStatus.GAVE_UP)

"""The client portal: who may log in for which contact, what was offered to them, and what
they did with it (reactions, messages, viewing requests), and what owners are told."""

from __future__ import annotations

import builtins

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from estatedesk.core.models import OfficeOwnedModel

from .choices import AccessStatus, Preference, Side, ViewingStatus
from .querysets import OfferQuerySet, PortalAccessQuerySet, ViewingRequestQuerySet


class PortalAccess(OfficeOwnedModel):
    """A contact's access to the client portal, through one portal login (`user`).

    One per contact. The login (an `accounts.User` with the client role and no office) may hold
    accesses of several contacts, in several offices; the portal acts for one at a time.
    `invitation_nonce` makes an invitation link single-use: accepting (or resending) replaces it.
    """

    contact = models.OneToOneField(
        "contacts.Contact",
        on_delete=models.CASCADE,
        related_name="portal_access",
        verbose_name=_("contact"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="portal_accesses",
        verbose_name=_("portal login"),
    )
    email = models.EmailField(_("e-mail address invited"))
    status = models.CharField(
        _("status"), max_length=10, choices=AccessStatus.choices, default=AccessStatus.INVITED
    )
    # Partner-linked contacts whose accesses both say so share one portal space (households).
    share_household = models.BooleanField(
        _("share with partner"),
        default=False,
        help_text=_("A partner or spouse with portal access sees the same offers and reactions."),
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("invited by"),
    )  # fmt: skip
    invited_at = models.DateTimeField(_("invited"), default=timezone.now)
    invitation_nonce = models.CharField(max_length=32, blank=True, editable=False)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    terms_accepted_at = models.DateTimeField(_("terms accepted"), null=True, blank=True)
    disabled_at = models.DateTimeField(_("disabled"), null=True, blank=True)
    last_login_at = models.DateTimeField(_("last login"), null=True, blank=True)
    # The previous visit's start: what is newer shows as new.
    last_visit_at = models.DateTimeField(_("last visit"), null=True, blank=True)

    objects = PortalAccessQuerySet.as_manager()

    class Meta:
        ordering = ["-invited_at", "-pk"]
        verbose_name = _("portal access")
        verbose_name_plural = _("portal accesses")
        indexes = [
            models.Index(fields=["office", "status"], name="portalaccess_status_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.contact} ({self.get_status_display()})"


class RejectionReason(OfficeOwnedModel):
    """Why a client says a property is not for them; the office edits the list under Setup."""

    name = models.CharField(_("name"), max_length=80)
    asks_for_text = models.BooleanField(
        _("asks for an explanation"), default=False, help_text=_("Such as “Other”.")
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("rejection reason")
        verbose_name_plural = _("rejection reasons")
        constraints = [
            models.UniqueConstraint(fields=["office", "name"], name="rejectionreason_unique")
        ]

    def __str__(self) -> str:
        return self.name


class Offer(OfficeOwnedModel):
    """A property an agent offered to a contact in the portal, with an optional note."""

    contact = models.ForeignKey(
        "contacts.Contact", on_delete=models.CASCADE, related_name="portal_offers",
        verbose_name=_("contact"), db_index=False,
    )  # fmt: skip
    property = models.ForeignKey(
        "properties.Property", on_delete=models.CASCADE, related_name="portal_offers",
        verbose_name=_("property"), db_index=False,
    )  # fmt: skip
    note = models.TextField(_("note to the client"), blank=True)
    offered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("offered by"),
    )  # fmt: skip
    offered_at = models.DateTimeField(_("offered"), default=timezone.now)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    # The property's documents the agent chose to share with this client.
    documents = models.ManyToManyField(
        "documents.Document", blank=True, related_name="portal_offers",
        verbose_name=_("shared documents"),
    )  # fmt: skip

    objects = OfferQuerySet.as_manager()

    class Meta:
        ordering = ["-offered_at", "-pk"]
        verbose_name = _("offer")
        verbose_name_plural = _("offers")
        constraints = [
            models.UniqueConstraint(fields=["contact", "property"], name="offer_unique"),
        ]
        indexes = [
            models.Index(fields=["office", "contact", "-offered_at"], name="offer_contact_idx"),
            models.Index(fields=["office", "property"], name="offer_property_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.property} → {self.contact}"

    @builtins.property  # the `property` field shadows the builtin in this class body
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None


class Reaction(OfficeOwnedModel):
    """One household member's reaction to an offer: a preference, a rating, reasons."""

    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="reactions")
    contact = models.ForeignKey(
        "contacts.Contact", on_delete=models.CASCADE, related_name="+", verbose_name=_("by")
    )
    preference = models.CharField(
        _("preference"), max_length=12, choices=Preference.choices, blank=True
    )
    rating = models.PositiveSmallIntegerField(_("rating"), null=True, blank=True)
    reasons = models.ManyToManyField(
        RejectionReason, blank=True, related_name="+", verbose_name=_("reasons")
    )
    reason_text = models.CharField(_("other reason"), max_length=300, blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("reaction")
        verbose_name_plural = _("reactions")
        constraints = [
            models.UniqueConstraint(fields=["offer", "contact"], name="reaction_unique"),
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5),
                name="reaction_rating_1_to_5",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.contact}: {self.get_preference_display()} ({self.offer})"


class OfferMessage(OfficeOwnedModel):
    """A message in an offer's private thread between the client (household) and the agent."""

    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="messages")
    side = models.CharField(_("from"), max_length=6, choices=Side.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("author"),
    )  # fmt: skip
    # For a client's message: which household member wrote it.
    contact = models.ForeignKey(
        "contacts.Contact", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    body = models.TextField(_("message"))
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        indexes = [models.Index(fields=["office", "offer", "created_at"], name="offermsg_idx")]

    def __str__(self) -> str:
        return f"{self.get_side_display()} on {self.offer_id}: {self.body[:40]}"


class ViewingRequest(OfficeOwnedModel):
    """A client's request to view an offered property, up to three proposed times."""

    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="viewings")
    requested_by = models.ForeignKey("contacts.Contact", on_delete=models.CASCADE, related_name="+")
    slot_1 = models.DateTimeField(_("first choice"))
    slot_2 = models.DateTimeField(_("second choice"), null=True, blank=True)
    slot_3 = models.DateTimeField(_("third choice"), null=True, blank=True)
    client_timezone = models.CharField(_("client's timezone"), max_length=64, blank=True)
    message = models.TextField(_("message"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ViewingStatus.choices,
        default=ViewingStatus.REQUESTED,
    )  # fmt: skip
    # The time the agent proposed (status proposed) or confirmed (status confirmed).
    starts_at = models.DateTimeField(_("starts"), null=True, blank=True)
    duration_minutes = models.PositiveIntegerField(_("duration (minutes)"), default=45)
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("agent"),
    )  # fmt: skip
    task = models.ForeignKey(
        "activities.Task", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    appointment = models.ForeignKey(
        "activities.Activity", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    cancelled_by = models.CharField(
        _("cancelled by"), max_length=6, choices=Side.choices, blank=True
    )
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    cancel_reason = models.CharField(_("reason"), max_length=300, blank=True)
    feedback = models.TextField(_("how it went"), blank=True)
    still_interested = models.BooleanField(_("still interested"), null=True, blank=True)
    feedback_at = models.DateTimeField(_("feedback given"), null=True, blank=True)

    objects = ViewingRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("viewing request")
        verbose_name_plural = _("viewing requests")
        indexes = [
            models.Index(fields=["office", "offer"], name="viewing_offer_idx"),
            models.Index(fields=["office", "status", "starts_at"], name="viewing_status_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.offer} ({self.get_status_display()})"

    @property
    def slots(self) -> list:
        return [s for s in (self.slot_1, self.slot_2, self.slot_3) if s is not None]


class ListingUpdate(OfficeOwnedModel):
    """An agent's note on how a listing is marketed; the owner sees it when marked so."""

    property = models.ForeignKey(
        "properties.Property", on_delete=models.CASCADE, related_name="listing_updates"
    )
    body = models.TextField(_("update"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("author"),
    )  # fmt: skip
    visible_to_owner = models.BooleanField(_("visible to the owner"), default=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("listing update")
        verbose_name_plural = _("listing updates")
        indexes = [models.Index(fields=["office", "property"], name="listingupdate_idx")]

    def __str__(self) -> str:
        return self.body[:60]

"""Deals: sales and rental processes through an office pipeline, with commission splits."""

from __future__ import annotations

import builtins
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from estatedesk.core.models import DecimalSize, OfficeOwnedModel, SharedRecord
from estatedesk.core.urlcache import id_url

from .choices import CommissionType, DealEventKind, DealKind, StageKind
from .querysets import DealQuerySet, StageQuerySet

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

MONEY: DecimalSize = {"max_digits": 14, "decimal_places": 2}
CENT = Decimal("0.01")


class PipelineStage(OfficeOwnedModel):
    """A column of the office's deal pipeline; won and lost stages close the deals in them."""

    name = models.CharField(_("name"), max_length=100)
    order = models.PositiveIntegerField(_("order"), default=0)
    kind = models.CharField(
        _("kind"), max_length=10, choices=StageKind.choices, default=StageKind.OPEN
    )
    is_active = models.BooleanField(_("active"), default=True)

    objects = StageQuerySet.as_manager()

    class Meta:
        ordering = ["office_id", "order", "pk"]
        verbose_name = _("pipeline stage")
        verbose_name_plural = _("pipeline stages")
        constraints = [
            models.UniqueConstraint(fields=["office", "name"], name="pipelinestage_office_name")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_closed(self) -> bool:
        return self.kind != StageKind.OPEN


class Deal(SharedRecord):
    """A sale or rental in progress: who buys or rents, who sells or lets, what, for how much.

    `status` repeats the stage's kind (open, won, lost) so that the database can insist on a
    close date and a lost reason, and lists filter on it without a join.
    """

    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=DealKind.choices,
                            default=DealKind.SALE)  # fmt: skip
    stage = models.ForeignKey(
        PipelineStage, on_delete=models.PROTECT, related_name="deals", verbose_name=_("stage")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=StageKind.choices, default=StageKind.OPEN,
        editable=False,
    )  # fmt: skip
    value = models.DecimalField(_("value"), null=True, blank=True, **MONEY,
                                validators=[MinValueValidator(0)])  # fmt: skip
    expected_close_date = models.DateField(_("expected close date"), null=True, blank=True)
    property = models.ForeignKey(
        "properties.Property",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="deals",
        verbose_name=_("property"),
    )
    buyer_contact = models.ForeignKey(
        "contacts.Contact", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="deals_as_buyer", verbose_name=_("buyer / tenant (person)"),
    )  # fmt: skip
    buyer_relation = models.ForeignKey(
        "contacts.Relation", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="deals_as_buyer", verbose_name=_("buyer / tenant (company)"),
    )  # fmt: skip
    seller_contact = models.ForeignKey(
        "contacts.Contact", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="deals_as_seller", verbose_name=_("seller / landlord (person)"),
    )  # fmt: skip
    seller_relation = models.ForeignKey(
        "contacts.Relation", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="deals_as_seller", verbose_name=_("seller / landlord (company)"),
    )  # fmt: skip
    commission_type = models.CharField(
        _("commission type"), max_length=10, choices=CommissionType.choices,
        default=CommissionType.PERCENTAGE,
    )  # fmt: skip
    commission_value = models.DecimalField(
        _("commission"), null=True, blank=True, **MONEY, validators=[MinValueValidator(0)],
        help_text=_("A percentage of the value, or a fixed amount in the office currency."),
    )  # fmt: skip
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True, editable=False)
    lost_reason = models.CharField(
        _("lost reason"), max_length=255, blank=True,
        help_text=_("Needed when the deal goes into a lost stage."),
    )  # fmt: skip
    notes = models.TextField(_("notes"), blank=True)

    objects: ClassVar = DealQuerySet.as_manager()

    # Set on the deals `selectors.deals_of_record` returns: the person's side in the deal.
    side: StrOrPromise

    PEOPLE_FIELDS = ("buyer_contact", "buyer_relation", "seller_contact", "seller_relation")

    class Meta:
        ordering = ["-updated_at", "-pk"]
        verbose_name = _("deal")
        verbose_name_plural = _("deals")
        # Lists and the board lead with office; the foreign keys to people and property keep
        # Django's own index, which serves the Deals tab and the SET NULL on their deletion.
        indexes = [
            models.Index(fields=["office", "stage", "-updated_at"], name="deal_office_stage"),
            models.Index(fields=["office", "status", "-closed_at"], name="deal_office_status"),
            models.Index(fields=["office", "owner", "-updated_at"], name="deal_office_owner"),
            models.Index(fields=["office", "sort_name", "id"], name="deal_office_sort"),
            models.Index(fields=["office", "expected_close_date"], name="deal_office_close"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=StageKind.LOST) | ~Q(lost_reason=""),
                name="deal_lost_needs_reason",
            ),
            models.CheckConstraint(
                condition=Q(status=StageKind.OPEN, closed_at__isnull=True)
                | (~Q(status=StageKind.OPEN) & Q(closed_at__isnull=False)),
                name="deal_closed_at_matches_status",
            ),
            models.CheckConstraint(
                condition=Q(commission_type=CommissionType.FIXED)
                | Q(commission_value__isnull=True)
                | Q(commission_value__lte=100),
                name="deal_commission_percentage_max_100",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return id_url("deals:deal_detail", self.pk)

    def clean(self) -> None:
        super().clean()
        if (
            self.commission_type == CommissionType.PERCENTAGE
            and self.commission_value is not None
            and self.commission_value > 100
        ):
            raise ValidationError(
                {"commission_value": _("A percentage commission cannot be above 100%.")}
            )

    @builtins.property  # the `property` field shadows the builtin in this class body
    def commission_amount(self) -> Decimal | None:
        """The commission in the office currency: percentage × value, or the fixed amount."""
        if self.commission_value is None:
            return None
        if self.commission_type == CommissionType.FIXED:
            return self.commission_value
        if self.value is None:
            return None
        return (self.value * self.commission_value / 100).quantize(CENT, ROUND_HALF_UP)

    @builtins.property  # the `property` field shadows the builtin in this class body
    def buyer_side(self) -> list:
        return [r for r in (self.buyer_contact, self.buyer_relation) if r is not None]

    @builtins.property  # the `property` field shadows the builtin in this class body
    def seller_side(self) -> list:
        return [r for r in (self.seller_contact, self.seller_relation) if r is not None]


class CommissionSplit(OfficeOwnedModel):
    """An agent's share of a deal's commission; a deal's shares add up to 100%."""

    deal = models.ForeignKey(Deal, on_delete=models.CASCADE, related_name="splits",
                             verbose_name=_("deal"))  # fmt: skip
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("agent"),
    )  # fmt: skip
    share = models.DecimalField(
        _("share (%)"), max_digits=5, decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(100)],
    )  # fmt: skip

    class Meta:
        ordering = ["deal", "-share", "pk"]
        verbose_name = _("commission split")
        verbose_name_plural = _("commission splits")
        indexes = [models.Index(fields=["office", "agent"], name="dealsplit_office_agent")]
        constraints = [
            models.UniqueConstraint(fields=["deal", "agent"], name="dealsplit_deal_agent"),
            models.CheckConstraint(
                condition=Q(share__gt=0) & Q(share__lte=100), name="dealsplit_share_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agent}: {self.share}%"

    def amount(self, commission: Decimal | None) -> Decimal | None:
        if commission is None:
            return None
        return (commission * self.share / 100).quantize(CENT, ROUND_HALF_UP)


class DealEvent(OfficeOwnedModel):
    """One line of a deal's history: what changed, from what to what, by whom, when.

    Stage names are copied, not linked, so history reads as it happened after a rename.
    """

    deal = models.ForeignKey(Deal, on_delete=models.CASCADE, related_name="events",
                             verbose_name=_("deal"))  # fmt: skip
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("by"),
    )  # fmt: skip
    kind = models.CharField(_("kind"), max_length=10, choices=DealEventKind.choices)
    from_text = models.CharField(_("from"), max_length=255, blank=True)
    to_text = models.CharField(_("to"), max_length=255, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("deal event")
        verbose_name_plural = _("deal events")
        indexes = [models.Index(fields=["office", "deal", "-created_at"], name="dealevent_deal")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.from_text} → {self.to_text}"

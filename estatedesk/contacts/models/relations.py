"""Relations (business partners, always companies) and the contacts who work for them."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from estatedesk.core.models import OfficeOwnedModel, SharedRecord
from estatedesk.core.urlcache import id_url

from ..choices import CommissionType, ContactRole, RelationType
from .parts import MONEY, Address
from .records import Contact


class Relation(SharedRecord, Address):
    """A business partner: a company (developer, agency, bank, vendor …), never a person."""

    name = models.CharField(_("company name"), max_length=200)
    relation_type = models.CharField(
        _("type"), max_length=12, choices=RelationType.choices, default=RelationType.OTHER
    )
    legal_name = models.CharField(_("legal name"), max_length=200, blank=True)
    registration_number = models.CharField(_("registration number"), max_length=50, blank=True)
    vat_number = models.CharField(_("VAT number"), max_length=50, blank=True)
    industry = models.CharField(_("industry"), max_length=100, blank=True)
    website = models.URLField(_("website"), blank=True)
    linkedin = models.URLField(_("LinkedIn"), blank=True)
    facebook = models.URLField(_("Facebook"), blank=True)
    instagram = models.URLField(_("Instagram"), blank=True)
    twitter = models.URLField(_("X / Twitter"), blank=True)
    payment_terms_days = models.PositiveSmallIntegerField(
        _("payment terms (days)"), null=True, blank=True
    )
    credit_limit = models.DecimalField(_("credit limit"), null=True, blank=True, **MONEY)
    credit_terms = models.TextField(_("credit terms"), blank=True)
    commission_type = models.CharField(
        _("commission type"), max_length=12, choices=CommissionType.choices, blank=True
    )
    commission_rate = models.DecimalField(
        _("commission (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    commission_amount = models.DecimalField(_("commission (fixed)"), null=True, blank=True, **MONEY)
    commission_notes = models.TextField(_("commission agreement"), blank=True)
    contract_reference = models.CharField(_("contract reference"), max_length=100, blank=True)
    contract_start = models.DateField(_("contract start"), null=True, blank=True)
    contract_end = models.DateField(_("contract end"), null=True, blank=True)
    contract_notes = models.TextField(_("contract details"), blank=True)
    source = models.ForeignKey(
        "classification.LeadSource",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("source"),
    )
    notes = models.TextField(_("notes"), blank=True)
    contacts = models.ManyToManyField(
        Contact, through="ContactPerson", related_name="relations", blank=True
    )
    categories = models.ManyToManyField(
        "classification.Category", through="RelationCategory", related_name="relations", blank=True
    )

    class Meta:
        ordering = ["sort_name", "pk"]
        verbose_name = _("relation")
        verbose_name_plural = _("relations")
        indexes = [
            models.Index(
                fields=["office", "sort_name", "id", "visibility", "owner"],
                name="relation_list_idx",
            ),
            models.Index(fields=["office", "owner", "sort_name", "id"], name="relation_owner_idx"),
            models.Index(fields=["office", "relation_type"], name="relation_type_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(contract_start__isnull=True)
                | Q(contract_end__isnull=True)
                | Q(contract_start__lte=F("contract_end")),
                name="relation_contract_dates",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return id_url("contacts:relation_detail", self.pk)

    def clean(self) -> None:
        super().clean()
        if self.contract_start and self.contract_end and self.contract_start > self.contract_end:
            raise ValidationError({"contract_end": _("The contract cannot end before it starts.")})
        if self.commission_type == CommissionType.PERCENTAGE and self.commission_rate is None:
            raise ValidationError({"commission_rate": _("Give the commission percentage.")})
        if self.commission_type == CommissionType.FIXED and self.commission_amount is None:
            raise ValidationError({"commission_amount": _("Give the fixed commission amount.")})


class ContactPerson(OfficeOwnedModel):
    """A contact's role at a relation; one contact may work with several relations."""

    relation = models.ForeignKey(Relation, on_delete=models.CASCADE, related_name="people")
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="positions")
    role = models.CharField(_("role"), max_length=20, choices=ContactRole.choices)
    role_note = models.CharField(_("role details"), max_length=100, blank=True)
    is_primary = models.BooleanField(_("main contact"), default=False)

    class Meta:
        ordering = ["-is_primary", "pk"]
        verbose_name = _("contact person")
        verbose_name_plural = _("contact persons")
        constraints = [
            models.UniqueConstraint(
                fields=["relation", "contact"], name="contactperson_relation_contact_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.contact} ({self.get_role_display()}, {self.relation})"

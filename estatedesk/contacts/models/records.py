"""Leads and contacts, the people an office keeps, and a contact's search profiles."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from estatedesk.core.models import OfficeOwnedModel, SharedRecord
from estatedesk.core.urlcache import id_url

from ..choices import (
    Channel,
    ConsentMethod,
    Gender,
    IdDocumentType,
    LeadStatus,
    MaritalStatus,
    Salutation,
    Timeframe,
    Urgency,
)
from .parts import MONEY, Address, Person, PropertyPreferences


class Lead(SharedRecord, Person, PropertyPreferences):
    """An unqualified prospect, kept apart until it is converted into a contact."""

    company = models.CharField(_("company"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=LeadStatus.choices, default=LeadStatus.PROSPECT
    )
    lost_reason = models.CharField(_("lost reason"), max_length=300, blank=True)
    source = models.ForeignKey(
        "classification.LeadSource",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("source"),
    )
    urgency = models.CharField(
        _("urgency"), max_length=10, choices=Urgency.choices, default=Urgency.MEDIUM
    )
    timeframe = models.CharField(
        _("timeframe"), max_length=10, choices=Timeframe.choices, default=Timeframe.UNKNOWN
    )
    move_in_date = models.DateField(_("move-in date"), null=True, blank=True)
    message = models.TextField(_("message / notes"), blank=True)
    score = models.PositiveSmallIntegerField(_("score"), default=0)
    score_reasons = models.JSONField(_("score reasons"), default=list, blank=True)
    last_contacted_at = models.DateTimeField(_("last contacted"), null=True, blank=True)
    converted_contact = models.ForeignKey(
        "Contact",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="converted_leads",
        verbose_name=_("converted to"),
    )
    converted_at = models.DateTimeField(_("converted"), null=True, blank=True)
    categories = models.ManyToManyField(
        "classification.Category", through="LeadCategory", related_name="leads", blank=True
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("lead")
        verbose_name_plural = _("leads")
        # Lists sort and page along these; visibility and owner ride along so the sharing
        # rule is checked in the index, without a table lookup per skipped row.
        indexes = [
            models.Index(
                fields=["office", "created_at", "id", "visibility", "owner"], name="lead_list_idx"
            ),
            models.Index(
                fields=["office", "status", "source", "created_at", "id", "visibility", "owner"],
                name="lead_status_idx",
            ),
            models.Index(
                fields=["office", "sort_name", "id", "visibility", "owner"], name="lead_name_idx"
            ),
            models.Index(fields=["office", "owner", "created_at"], name="lead_owner_idx"),
        ]
        constraints = [
            *PropertyPreferences.range_constraints("lead"),
            models.CheckConstraint(
                condition=~Q(status=LeadStatus.LOST) | ~Q(lost_reason=""),
                name="lead_lost_needs_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name or self.company or str(_("Lead #%(pk)s") % {"pk": self.pk})

    def get_absolute_url(self) -> str:
        return id_url("contacts:lead_detail", self.pk)

    def clean(self) -> None:
        super().clean()
        if self.status == LeadStatus.LOST and not self.lost_reason.strip():
            raise ValidationError({"lost_reason": _("Say why the lead was lost.")})
        if not (self.first_name or self.last_name or self.company):
            raise ValidationError({"last_name": _("Give a name or a company.")})


class Contact(SharedRecord, Person, Address):
    """A person in the office's database: client, former client, or someone in the trade."""

    salutation = models.CharField(
        _("salutation"), max_length=10, choices=Salutation.choices, blank=True
    )
    title = models.CharField(_("title"), max_length=50, blank=True, help_text=_("e.g. MSc, PhD"))
    middle_name = models.CharField(_("middle name"), max_length=100, blank=True)
    name_prefix = models.CharField(
        _("name prefix"), max_length=30, blank=True, help_text=_("e.g. van, de, von")
    )
    nickname = models.CharField(_("nickname"), max_length=100, blank=True)
    gender = models.CharField(_("gender"), max_length=12, choices=Gender.choices, blank=True)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    place_of_birth = models.CharField(_("place of birth"), max_length=100, blank=True)
    nationality = models.CharField(_("nationality"), max_length=2, blank=True)
    language = models.CharField(_("language"), max_length=8, blank=True)
    marital_status = models.CharField(
        _("marital status"), max_length=12, choices=MaritalStatus.choices, blank=True
    )
    occupation = models.CharField(_("occupation"), max_length=100, blank=True)
    job_title = models.CharField(_("job title"), max_length=100, blank=True)
    employer = models.CharField(_("employer"), max_length=200, blank=True)
    industry = models.CharField(_("industry"), max_length=100, blank=True)
    annual_income = models.DecimalField(_("annual income"), null=True, blank=True, **MONEY)
    id_document_type = models.CharField(
        _("ID document"), max_length=20, choices=IdDocumentType.choices, blank=True
    )
    id_document_number = models.CharField(_("ID document number"), max_length=50, blank=True)
    id_document_expiry = models.DateField(_("ID document expires"), null=True, blank=True)
    tax_number = models.CharField(_("tax number"), max_length=50, blank=True)
    website = models.URLField(_("website"), blank=True)
    linkedin = models.URLField(_("LinkedIn"), blank=True)
    facebook = models.URLField(_("Facebook"), blank=True)
    instagram = models.URLField(_("Instagram"), blank=True)
    preferred_channel = models.CharField(
        _("preferred channel"), max_length=10, choices=Channel.choices, blank=True
    )
    do_not_call = models.BooleanField(_("do not call"), default=False)
    do_not_email = models.BooleanField(_("do not e-mail"), default=False)
    do_not_sms = models.BooleanField(_("do not text"), default=False)
    marketing_consent = models.BooleanField(_("marketing consent"), default=False)
    marketing_consent_at = models.DateTimeField(_("consent given at"), null=True, blank=True)
    marketing_consent_method = models.CharField(
        _("consent given by"), max_length=12, choices=ConsentMethod.choices, blank=True
    )
    source = models.ForeignKey(
        "classification.LeadSource",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("source"),
    )
    notes = models.TextField(_("notes"), blank=True)
    last_contacted_at = models.DateTimeField(_("last contacted"), null=True, blank=True)
    categories = models.ManyToManyField(
        "classification.Category", through="ContactCategory", related_name="contacts", blank=True
    )

    class Meta:
        ordering = ["sort_name", "pk"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        # Lists sort and page along these; visibility and owner ride along so the sharing
        # rule is checked in the index, and source and the active flag (the filters every
        # list offers) too, so a filtered page walks the index in order and touches the table
        # only for the rows it shows. The same index sorted by last contacted is made by
        # migration 0003 per database: PostgreSQL needs it as DESC NULLS LAST to serve
        # “recently contacted first, never contacted last” without sorting the office.
        indexes = [
            models.Index(
                fields=["office", "sort_name", "id", "visibility", "owner", "source", "is_active"],
                name="contact_list_idx",
            ),
            models.Index(fields=["office", "owner", "sort_name", "id"], name="contact_owner_idx"),
            models.Index(fields=["office", "source"], name="contact_source_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(marketing_consent=False) | Q(marketing_consent_at__isnull=False),
                name="contact_consent_has_date",
            )
        ]

    def __str__(self) -> str:
        return self.display_name or str(_("Contact #%(pk)s") % {"pk": self.pk})

    def get_absolute_url(self) -> str:
        return id_url("contacts:contact_detail", self.pk)

    @property
    def display_name(self) -> str:
        parts = (self.first_name, self.middle_name, self.name_prefix, self.last_name)
        return " ".join(p for p in parts if p)

    def clean(self) -> None:
        super().clean()
        if not (self.first_name or self.last_name):
            raise ValidationError({"last_name": _("Give at least a first or last name.")})
        if self.marketing_consent and not self.marketing_consent_at:
            raise ValidationError(
                {"marketing_consent_at": _("Say when the marketing consent was given.")}
            )


class SearchProfile(OfficeOwnedModel, PropertyPreferences):
    """What a contact is looking for; a converted lead's preferences land here."""

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="search_profiles")
    name = models.CharField(_("name"), max_length=100, default=_("Search profile"))
    urgency = models.CharField(_("urgency"), max_length=10, choices=Urgency.choices, blank=True)
    timeframe = models.CharField(
        _("timeframe"), max_length=10, choices=Timeframe.choices, blank=True
    )
    move_in_date = models.DateField(_("move-in date"), null=True, blank=True)
    from_lead = models.ForeignKey(
        Lead, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("search profile")
        verbose_name_plural = _("search profiles")
        constraints = PropertyPreferences.range_constraints("searchprofile")

    def __str__(self) -> str:
        return self.name

"""Leads, contacts and relations: the three kinds of people an office keeps."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from estatedesk.core.models import OfficeOwnedModel, SharedRecord
from estatedesk.core.urlcache import id_url

from . import category_ids
from .choices import (
    Channel,
    CommissionType,
    ConsentMethod,
    ContactRole,
    EmailLabel,
    Gender,
    IdDocumentType,
    LeadStatus,
    MaritalStatus,
    PhoneLabel,
    RelationType,
    Salutation,
    Timeframe,
    Urgency,
)

MONEY = {"max_digits": 14, "decimal_places": 2}
AREA = {"max_digits": 10, "decimal_places": 2}


class PropertyPreferences(models.Model):
    """What someone is looking for; on leads, and on contacts as search profiles."""

    property_types = models.JSONField(_("property types"), default=list, blank=True)
    locations = models.CharField(
        _("preferred locations"), max_length=500, blank=True, help_text=_("Comma-separated")
    )
    budget_min = models.DecimalField(_("budget from"), null=True, blank=True, **MONEY)
    budget_max = models.DecimalField(_("budget to"), null=True, blank=True, **MONEY)
    area_min = models.DecimalField(_("area from (m²)"), null=True, blank=True, **AREA)
    area_max = models.DecimalField(_("area to (m²)"), null=True, blank=True, **AREA)
    bedrooms = models.PositiveSmallIntegerField(_("bedrooms wanted"), null=True, blank=True)
    bathrooms = models.PositiveSmallIntegerField(_("bathrooms wanted"), null=True, blank=True)

    PREFERENCE_FIELDS = (
        "property_types", "locations", "budget_min", "budget_max", "area_min", "area_max",
        "bedrooms", "bathrooms",
    )  # fmt: skip

    class Meta:
        abstract = True

    def clean(self) -> None:
        super().clean()
        errors = {}
        budget = (self.budget_min, self.budget_max)
        if None not in budget and budget[0] > budget[1]:
            errors["budget_max"] = _("The budget maximum must not be below the minimum.")
        area = (self.area_min, self.area_max)
        if None not in area and area[0] > area[1]:
            errors["area_max"] = _("The area maximum must not be below the minimum.")
        if errors:
            raise ValidationError(errors)

    @classmethod
    def range_constraints(cls, prefix: str) -> list[models.CheckConstraint]:
        return [
            models.CheckConstraint(
                condition=Q(budget_min__isnull=True)
                | Q(budget_max__isnull=True)
                | Q(budget_min__lte=F("budget_max")),
                name=f"{prefix}_budget_range",
            ),
            models.CheckConstraint(
                condition=Q(area_min__isnull=True)
                | Q(area_max__isnull=True)
                | Q(area_min__lte=F("area_max")),
                name=f"{prefix}_area_range",
            ),
        ]


class Address(models.Model):
    street = models.CharField(_("street and number"), max_length=200, blank=True)
    address_line2 = models.CharField(_("address line 2"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=20, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    region = models.CharField(_("region / state"), max_length=100, blank=True)
    country = models.CharField(_("country"), max_length=2, blank=True)
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )

    class Meta:
        abstract = True

    @property
    def address_lines(self) -> list[str]:
        city_line = " ".join(p for p in (self.postal_code, self.city) if p)
        return [
            line
            for line in (self.street, self.address_line2, city_line, self.region, self.country)
            if line
        ]


class Person(models.Model):
    """Name fields leads and contacts share."""

    first_name = models.CharField(_("first name"), max_length=100, blank=True)
    last_name = models.CharField(_("last name"), max_length=100, blank=True)

    class Meta:
        abstract = True

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.first_name, self.last_name) if p)


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


# --- phones and e-mail addresses: several per record, each with a label ----------------------


class PhoneNumber(OfficeOwnedModel):
    label = models.CharField(
        _("label"), max_length=10, choices=PhoneLabel.choices, default=PhoneLabel.MOBILE
    )
    number = models.CharField(_("number"), max_length=20, help_text=_("Stored in E.164"))
    is_primary = models.BooleanField(_("primary"), default=False)

    class Meta:
        abstract = True
        ordering = ["-is_primary", "pk"]
        indexes = [models.Index(fields=["office", "number"], name="%(class)s_number_idx")]
        constraints = [
            models.UniqueConstraint(fields=["record", "number"], name="%(class)s_unique")
        ]

    def __str__(self) -> str:
        from .phones import format_phone

        return format_phone(self.number)


class EmailAddress(OfficeOwnedModel):
    label = models.CharField(
        _("label"), max_length=10, choices=EmailLabel.choices, default=EmailLabel.PERSONAL
    )
    email = models.EmailField(_("e-mail address"))
    is_primary = models.BooleanField(_("primary"), default=False)

    class Meta:
        abstract = True
        ordering = ["-is_primary", "pk"]
        indexes = [models.Index("office", Lower("email"), name="%(class)s_email_idx")]
        constraints = [models.UniqueConstraint("record", Lower("email"), name="%(class)s_unique")]

    def __str__(self) -> str:
        return self.email


class LeadPhone(PhoneNumber):
    record = models.ForeignKey(Lead, on_delete=models.CASCADE, related_name="phones")


class LeadEmail(EmailAddress):
    record = models.ForeignKey(Lead, on_delete=models.CASCADE, related_name="emails")


class ContactPhone(PhoneNumber):
    record = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="phones")


class ContactEmail(EmailAddress):
    record = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="emails")


class RelationPhone(PhoneNumber):
    record = models.ForeignKey(Relation, on_delete=models.CASCADE, related_name="phones")


class RelationEmail(EmailAddress):
    record = models.ForeignKey(Relation, on_delete=models.CASCADE, related_name="emails")


# --- category assignments: a record in the categories of any number of users ----------------


class CategoryLink(OfficeOwnedModel):
    """A record filed in one user's category; subclasses add `record`.

    On PostgreSQL the record's `category_ids` column mirrors these rows (kept by triggers:
    `contacts.category_ids`), which `core.expressions.HasLinkTo` tests instead of the table.
    """

    mirrored_on_record = category_ids.COLUMN

    category = models.ForeignKey(
        "classification.Category", on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        abstract = True
        constraints = [
            models.UniqueConstraint(fields=["record", "category"], name="%(class)s_unique")
        ]
        # Covering: a category filter reads the record ids from the index alone.
        indexes = [models.Index(fields=["office", "category", "record"], name="%(class)s_cat_idx")]


class LeadCategory(CategoryLink):
    record = models.ForeignKey(Lead, on_delete=models.CASCADE, related_name="category_links")


class ContactCategory(CategoryLink):
    record = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="category_links")


class RelationCategory(CategoryLink):
    record = models.ForeignKey(Relation, on_delete=models.CASCADE, related_name="category_links")

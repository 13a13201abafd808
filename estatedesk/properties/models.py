"""Properties, their photos, projects (new developments) and the people linked to them."""

import builtins
import uuid
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.storage import Storage, storages
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from estatedesk.core.models import DecimalSize, OfficeOwnedModel, SharedRecord
from estatedesk.core.urlcache import id_url

from .choices import LinkRole, ListingKind, ProjectPhase, ProjectRole, PropertyStatus, PropertyType

MONEY: DecimalSize = {"max_digits": 14, "decimal_places": 2}
AREA: DecimalSize = {"max_digits": 10, "decimal_places": 2}
COORD: DecimalSize = {"max_digits": 9, "decimal_places": 6}
YEAR_MIN, YEAR_MAX = 1000, 2200
NON_NEGATIVE = ("asking_price", "living_area", "plot_area")


def private_storage() -> Storage:
    """Photos live in the private storage: no public URL, served only by a checking view."""
    return storages["private"]


def photo_upload_to(instance: "PropertyPhoto", filename: str) -> str:
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    if not ext.isalnum() or len(ext) > 5:
        ext = "bin"
    return f"properties/{instance.office_id}/{instance.property_id}/{uuid.uuid4().hex}.{ext}"


def thumbnail_upload_to(instance: "PropertyPhoto", filename: str) -> str:
    return f"properties/{instance.office_id}/{instance.property_id}/thumbs/{uuid.uuid4().hex}.jpg"


class Project(SharedRecord):
    """A new development; its units are properties with `project` set."""

    name = models.CharField(_("name"), max_length=200)
    developer = models.ForeignKey(
        "contacts.Relation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="developed_projects",
        verbose_name=_("developer"),
    )
    phase = models.CharField(
        _("phase"), max_length=12, choices=ProjectPhase.choices, default=ProjectPhase.PLANNING
    )
    delivery_date = models.DateField(_("delivery date"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    street = models.CharField(_("street and number"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=20, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    country = models.CharField(_("country"), max_length=2, blank=True)

    class Meta:
        ordering = ["sort_name", "pk"]
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        indexes = [
            models.Index(
                fields=["office", "sort_name", "id", "visibility", "owner"],
                name="project_list_idx",
            ),
            models.Index(fields=["office", "owner", "sort_name", "id"], name="project_owner_idx"),
            models.Index(fields=["office", "phase", "sort_name"], name="project_phase_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return id_url("properties:project_detail", self.pk)

    def clean(self) -> None:
        super().clean()
        if not self.name.strip():
            raise ValidationError({"name": _("Give the project a name.")})


class Property(SharedRecord):
    """A house, apartment, plot … the office sells or lets; `owner` is the listing agent."""

    reference = models.CharField(
        _("reference"),
        max_length=30,
        blank=True,
        help_text=_("Left blank, one is generated, such as P-000123."),
    )
    property_type = models.CharField(
        _("type"), max_length=12, choices=PropertyType.choices, default=PropertyType.APARTMENT
    )
    listing_kind = models.CharField(
        _("listing"), max_length=4, choices=ListingKind.choices, default=ListingKind.SALE
    )
    status = models.CharField(
        _("status"), max_length=12, choices=PropertyStatus.choices, default=PropertyStatus.DRAFT
    )
    street = models.CharField(_("street"), max_length=200, blank=True)
    house_number = models.CharField(_("house number"), max_length=20, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=20, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    country = models.CharField(_("country"), max_length=2, blank=True)
    latitude = models.DecimalField(_("latitude"), null=True, blank=True, **COORD)
    longitude = models.DecimalField(_("longitude"), null=True, blank=True, **COORD)
    asking_price = models.DecimalField(_("asking price"), null=True, blank=True, **MONEY)
    living_area = models.DecimalField(_("living area (m²)"), null=True, blank=True, **AREA)
    plot_area = models.DecimalField(_("plot area (m²)"), null=True, blank=True, **AREA)
    bedrooms = models.PositiveSmallIntegerField(_("bedrooms"), null=True, blank=True)
    bathrooms = models.PositiveSmallIntegerField(_("bathrooms"), null=True, blank=True)
    year_built = models.PositiveSmallIntegerField(_("year built"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    has_garden = models.BooleanField(_("garden"), default=False)
    has_balcony = models.BooleanField(_("balcony or terrace"), default=False)
    has_parking = models.BooleanField(_("parking"), default=False)
    has_elevator = models.BooleanField(_("elevator"), default=False)
    is_furnished = models.BooleanField(_("furnished"), default=False)
    project = models.ForeignKey(
        Project,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="units",
        verbose_name=_("project"),
    )

    FEATURE_FIELDS = ("has_garden", "has_balcony", "has_parking", "has_elevator", "is_furnished")

    class Meta:
        ordering = ["sort_name", "pk"]
        verbose_name = _("property")
        verbose_name_plural = _("properties")
        # Lists sort and page along these; visibility and owner ride along so the sharing
        # rule is checked in the index.
        indexes = [
            models.Index(
                fields=["office", "sort_name", "id", "visibility", "owner"],
                name="property_list_idx",
            ),
            models.Index(
                fields=["office", "status", "listing_kind", "asking_price", "id"],
                name="property_status_idx",
            ),
            models.Index(fields=["office", "asking_price", "id"], name="property_price_idx"),
            models.Index(fields=["office", "created_at", "id"], name="property_created_idx"),
            models.Index(fields=["office", "owner", "sort_name", "id"], name="property_owner_idx"),
            models.Index(fields=["office", "project", "sort_name"], name="property_project_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["office", "reference"], name="property_office_reference_unique"
            ),
            models.CheckConstraint(condition=~Q(reference=""), name="property_reference_set"),
            *(
                models.CheckConstraint(
                    condition=Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__gte": 0}),
                    name=f"property_{field}_non_negative",
                )
                for field in NON_NEGATIVE
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True) | Q(latitude__gte=-90, latitude__lte=90),
                name="property_latitude_range",
            ),
            models.CheckConstraint(
                condition=Q(longitude__isnull=True) | Q(longitude__gte=-180, longitude__lte=180),
                name="property_longitude_range",
            ),
            models.CheckConstraint(
                condition=Q(year_built__isnull=True)
                | Q(year_built__gte=YEAR_MIN, year_built__lte=YEAR_MAX),
                name="property_year_built_range",
            ),
        ]

    def __str__(self) -> str:
        address = self.address_line
        return f"{self.reference} · {address}" if address else self.reference

    def get_absolute_url(self) -> str:
        return id_url("properties:property_detail", self.pk)

    @property
    def address_line(self) -> str:
        street = " ".join(p for p in (self.street, self.house_number) if p)
        return ", ".join(p for p in (street, self.city) if p)

    def clean(self) -> None:
        super().clean()
        errors: dict[str, object] = {}
        for field in NON_NEGATIVE:
            value = getattr(self, field)
            if value is not None and value < 0:
                errors[field] = _("This cannot be negative.")
        if self.latitude is not None and not Decimal(-90) <= self.latitude <= Decimal(90):
            errors["latitude"] = _("Latitude lies between -90 and 90.")
        if self.longitude is not None and not Decimal(-180) <= self.longitude <= Decimal(180):
            errors["longitude"] = _("Longitude lies between -180 and 180.")
        if self.year_built is not None and not YEAR_MIN <= self.year_built <= YEAR_MAX:
            errors["year_built"] = _("Give a year between %(min)s and %(max)s.") % {
                "min": YEAR_MIN,
                "max": YEAR_MAX,
            }
        if errors:
            raise ValidationError(errors)


class PropertyPhoto(OfficeOwnedModel):
    """A photo of a property and its thumbnail, both in the private storage."""

    property = models.ForeignKey(Property, on_delete=models.CASCADE, related_name="photos")
    image = models.FileField(
        _("photo"), storage=private_storage, upload_to=photo_upload_to, max_length=255
    )
    thumbnail = models.FileField(
        _("thumbnail"), storage=private_storage, upload_to=thumbnail_upload_to, max_length=255
    )
    content_type = models.CharField(_("content type"), max_length=50)
    width = models.PositiveIntegerField(_("width"), default=0)
    height = models.PositiveIntegerField(_("height"), default=0)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        indexes = [
            models.Index(fields=["office", "property", "position"], name="propertyphoto_list_idx")
        ]

    def __str__(self) -> str:
        return self.caption or str(_("Photo #%(pk)s") % {"pk": self.pk})


class ProjectPerson(OfficeOwnedModel):
    """A contact working on a project: sales manager, project manager, architect …"""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="people")
    contact = models.ForeignKey(
        "contacts.Contact", on_delete=models.CASCADE, related_name="project_roles"
    )
    role = models.CharField(_("role"), max_length=20, choices=ProjectRole.choices)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["role", "pk"]
        verbose_name = _("project person")
        verbose_name_plural = _("project people")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "contact", "role"], name="projectperson_unique"
            )
        ]
        indexes = [models.Index(fields=["office", "contact"], name="projectperson_contact_idx")]

    def __str__(self) -> str:
        return f"{self.contact} ({self.get_role_display()}, {self.project})"


class PropertyLink(OfficeOwnedModel):
    """A contact, a relation or a lead (exactly one) linked to a property in a role.

    A lead's links move to its contact when the lead is converted (see `services`).
    """

    property = models.ForeignKey(Property, on_delete=models.CASCADE, related_name="links")
    contact = models.ForeignKey(
        "contacts.Contact",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="property_links",
        verbose_name=_("contact"),
    )
    relation = models.ForeignKey(
        "contacts.Relation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="property_links",
        verbose_name=_("relation"),
    )
    lead = models.ForeignKey(
        "contacts.Lead",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="property_links",
        verbose_name=_("lead"),
        db_index=False,  # the (office, lead, role) index serves lookups by lead
    )
    role = models.CharField(_("role"), max_length=12, choices=LinkRole.choices)
    start_date = models.DateField(_("from"), null=True, blank=True)
    end_date = models.DateField(_("until"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["role", "pk"]
        verbose_name = _("property link")
        verbose_name_plural = _("property links")
        constraints = [
            models.CheckConstraint(
                condition=Q(contact__isnull=False, relation__isnull=True, lead__isnull=True)
                | Q(contact__isnull=True, relation__isnull=False, lead__isnull=True)
                | Q(contact__isnull=True, relation__isnull=True, lead__isnull=False),
                name="propertylink_one_person",
            ),
            models.CheckConstraint(
                condition=Q(start_date__isnull=True)
                | Q(end_date__isnull=True)
                | Q(start_date__lte=F("end_date")),
                name="propertylink_dates",
            ),
            models.UniqueConstraint(
                fields=["property", "contact", "role"],
                condition=Q(contact__isnull=False),
                name="propertylink_contact_unique",
            ),
            models.UniqueConstraint(
                fields=["property", "relation", "role"],
                condition=Q(relation__isnull=False),
                name="propertylink_relation_unique",
            ),
            models.UniqueConstraint(
                fields=["property", "lead", "role"],
                condition=Q(lead__isnull=False),
                name="propertylink_lead_unique",
            ),
        ]
        indexes = [
            models.Index(fields=["office", "contact", "role"], name="propertylink_contact_idx"),
            models.Index(fields=["office", "relation", "role"], name="propertylink_relation_idx"),
            models.Index(fields=["office", "lead", "role"], name="propertylink_lead_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_role_display()}, {self.property})"

    @builtins.property  # the `property` field shadows the builtin in this class body
    def person(self):
        if self.contact_id:
            return self.contact
        return self.relation if self.relation_id else self.lead

    def clean(self) -> None:
        super().clean()
        ends = [self.contact_id, self.relation_id, self.lead_id]
        if sum(end is not None for end in ends) != 1:
            raise ValidationError({"contact": _("Choose one contact, relation or lead.")})
        if self.start_date and self.end_date and self.start_date > self.end_date:
            raise ValidationError({"end_date": _("The link cannot end before it starts.")})

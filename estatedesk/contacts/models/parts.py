"""Abstract parts the record models share: property preferences, an address, a person's name."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from estatedesk.core.models import DecimalSize

MONEY: DecimalSize = {"max_digits": 14, "decimal_places": 2}
AREA: DecimalSize = {"max_digits": 10, "decimal_places": 2}


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
        low, high = self.budget_min, self.budget_max
        if low is not None and high is not None and low > high:
            errors["budget_max"] = _("The budget maximum must not be below the minimum.")
        low, high = self.area_min, self.area_max
        if low is not None and high is not None and low > high:
            errors["area_max"] = _("The area maximum must not be below the minimum.")
        if errors:
            raise ValidationError(errors)

    @classmethod
    def range_constraints(cls, prefix: str) -> list[models.BaseConstraint]:
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

"""What a web form may ask, how it assigns its leads, and what became of a submission."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class FormField(models.TextChoices):
    """The fixed allowlist of lead fields a public form may fill (the posted names)."""

    FIRST_NAME = "first_name", _("First name")
    LAST_NAME = "last_name", _("Last name")
    EMAIL = "email", _("E-mail address")
    PHONE = "phone", _("Phone")
    MESSAGE = "message", _("Message")
    PROPERTY_REFERENCE = "property_reference", _("Property reference")
    PROPERTY_TYPES = "property_types", _("Property types")
    LOCATIONS = "locations", _("Preferred locations")
    BUDGET_MIN = "budget_min", _("Budget from")
    BUDGET_MAX = "budget_max", _("Budget to")
    BEDROOMS = "bedrooms", _("Bedrooms wanted")


DEFAULT_FIELDS = [FormField.FIRST_NAME, FormField.LAST_NAME, FormField.EMAIL, FormField.PHONE,
                  FormField.MESSAGE]  # fmt: skip


class Assignment(models.TextChoices):
    FIXED = "fixed", _("One agent")
    ROUND_ROBIN = "round_robin", _("Round-robin across agents")


class Outcome(models.TextChoices):
    CREATED = "created", _("Lead created")
    DUPLICATE = "duplicate", _("Added to an existing lead")
    SPAM = "spam", _("Spam (honeypot)")
    RATE_LIMITED = "rate_limited", _("Rate limited")
    INVALID = "invalid", _("Invalid")

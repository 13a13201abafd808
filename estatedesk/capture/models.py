"""Web-form lead capture: forms an office publishes, and what they received."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from estatedesk.core.choices import Visibility
from estatedesk.core.models import OfficeOwnedModel

from .choices import DEFAULT_FIELDS, Assignment, Outcome


def new_form_key() -> str:
    """What the public URL carries: 32 random bytes, unguessable."""
    return secrets.token_urlsafe(32)


def default_fields() -> list[str]:
    return [str(f) for f in DEFAULT_FIELDS]


class LeadForm(OfficeOwnedModel):
    """A web form an office embeds on its site; each accepted post becomes a lead."""

    name = models.CharField(_("name"), max_length=100)
    key = models.CharField(
        _("public key"), max_length=64, unique=True, default=new_form_key, editable=False
    )
    fields = models.JSONField(_("fields"), default=default_fields, blank=True)
    required_fields = models.JSONField(_("required fields"), default=list, blank=True)
    source = models.ForeignKey(
        "classification.LeadSource", on_delete=models.PROTECT, related_name="+",
        verbose_name=_("lead source"),
    )  # fmt: skip
    assignment = models.CharField(
        _("assign leads to"), max_length=12, choices=Assignment.choices, default=Assignment.FIXED
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name=_("agent"),
    )  # fmt: skip
    agents = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="LeadFormAgent", related_name="+", blank=True,
        verbose_name=_("agents in rotation"),
    )  # fmt: skip
    # Where the round-robin goes next; advanced under a row lock, so concurrent posts rotate.
    rotation_position = models.PositiveIntegerField(default=0, editable=False)
    visibility = models.CharField(
        _("visibility of new leads"), max_length=10, choices=Visibility.choices,
        default=Visibility.OFFICE,
    )  # fmt: skip
    redirect_url = models.URLField(
        _("thank-you page"), blank=True, max_length=500,
        help_text=_("Where a browser goes after a successful post (http or https)."),
    )  # fmt: skip
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("lead form")
        verbose_name_plural = _("lead forms")
        indexes = [models.Index(fields=["office", "name"], name="leadform_office_idx")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(assignment=Assignment.FIXED) | Q(owner__isnull=False),
                name="leadform_fixed_has_owner",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("capture:form_detail", args=[self.pk])

    def public_path(self) -> str:
        return reverse("capture:submit", args=[self.key])


class LeadFormAgent(OfficeOwnedModel):
    """An agent in a form's round-robin, in order."""

    form = models.ForeignKey(LeadForm, on_delete=models.CASCADE, related_name="rotation")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["form", "user"], name="leadformagent_unique")
        ]

    def __str__(self) -> str:
        return f"{self.form}: {self.user}"


class Submission(OfficeOwnedModel):
    """One post to a form and what became of it; also what rate limits and repeats count."""

    form = models.ForeignKey(LeadForm, on_delete=models.CASCADE, related_name="submissions")
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=12, choices=Outcome.choices)
    email = models.CharField(_("e-mail address"), max_length=254, blank=True)  # lower-cased
    phone = models.CharField(_("phone"), max_length=20, blank=True)  # E.164
    lead = models.ForeignKey(
        "contacts.Lead", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("lead"),
    )  # fmt: skip
    errors = models.JSONField(_("errors"), default=dict, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("form submission")
        verbose_name_plural = _("form submissions")
        indexes = [
            models.Index(fields=["office", "form", "created_at"], name="submission_form_idx"),
            models.Index(
                fields=["office", "form", "ip_address", "created_at"], name="submission_ip_idx"
            ),
            models.Index(fields=["office", "email", "created_at"], name="submission_email_idx"),
            models.Index(fields=["office", "phone", "created_at"], name="submission_phone_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.form} · {self.get_outcome_display()} · {self.created_at:%Y-%m-%d %H:%M}"

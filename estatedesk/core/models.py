"""Abstract bases every office-owned record builds on."""

from typing import Self, TypedDict

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .choices import Visibility
from .querysets import RecordQuerySet, SignallingQuerySet


class DecimalSize(TypedDict):
    """A DecimalField's size, shared by the fields of one kind (money, areas) as `**SIZE`."""

    max_digits: int
    decimal_places: int


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


class OfficeOwnedModel(TimeStampedModel):
    """A row that belongs to one office; every list index leads with `office`."""

    office = models.ForeignKey(
        "accounts.Office", on_delete=models.PROTECT, related_name="+", verbose_name=_("office")
    )

    class Meta:
        abstract = True


class SharedRecord(OfficeOwnedModel):
    """Owner, active flag, personal/office visibility and custom field values.

    Leads, contacts and relations (and later properties) inherit this, so the sharing rules in
    `RecordQuerySet.visible_to` apply to all of them alike.
    """

    # No index of its own: every list index of a record table leads with office already, and a
    # bare office index tempts PostgreSQL into bitmap-scanning a whole office and sorting it.
    office = models.ForeignKey(
        "accounts.Office",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("office"),
        db_index=False,
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("owner"),
        db_index=False,  # (office, owner, …) indexes serve every owner lookup
    )
    visibility = models.CharField(
        _("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.OFFICE
    )
    is_active = models.BooleanField(_("active"), default=True)
    custom_fields = models.JSONField(_("custom fields"), default=dict, blank=True)
    # Folded names, e-mails, company and phone digits: what the list search box matches.
    search_text = models.TextField(editable=False, default="", db_default="", blank=True)
    # Folded “last first” (or company name): lists sort on it the same way on every database,
    # ignoring case and accents, so “de Boer”, “Bökenkamp” and “Butselaar” sort as people expect.
    sort_name = models.CharField(
        _("sort name"), max_length=255, editable=False, default="", db_default="", blank=True
    )

    objects = RecordQuerySet.as_manager()

    class Meta:
        abstract = True

    def can_administer(self, user) -> bool:
        """Owner and office administrators may change owner and visibility, and delete."""
        return user.office_id == self.office_id and (
            self.owner_id == user.pk or getattr(user, "is_office_admin", False)
        )


class CustomFieldType(models.TextChoices):
    TEXT = "text", _("Text")
    NUMBER = "number", _("Number")
    DATE = "date", _("Date")
    CHOICE = "choice", _("Choice")
    BOOLEAN = "boolean", _("Yes/no")


class CustomFieldTarget(models.TextChoices):
    LEAD = "lead", _("Leads")
    CONTACT = "contact", _("Contacts")
    RELATION = "relation", _("Relations")


class CustomFieldQuerySet(SignallingQuerySet["CustomField"]):
    def for_target(self, office_id: int, target: str) -> Self:
        return self.filter(office_id=office_id, target=target, is_active=True)


class CustomField(OfficeOwnedModel):
    """A field the office administrator adds to leads, contacts or relations.

    Values live in the record's `custom_fields` JSON column under `key`, validated against this
    definition by `estatedesk.core.customfields`.
    """

    target = models.CharField(_("applies to"), max_length=10, choices=CustomFieldTarget.choices)
    key = models.SlugField(
        _("key"),
        max_length=50,
        help_text=_("Letters, digits and underscores; used in filters and the API."),
    )
    label = models.CharField(_("label"), max_length=100)
    field_type = models.CharField(_("type"), max_length=10, choices=CustomFieldType.choices)
    choices = models.JSONField(
        _("choices"), default=list, blank=True, help_text=_("For choice fields: one per line.")
    )
    required = models.BooleanField(_("required"), default=False)
    filterable = models.BooleanField(_("show as list filter"), default=True)
    position = models.PositiveIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    objects = CustomFieldQuerySet.as_manager()

    class Meta:
        ordering = ["target", "position", "label"]
        verbose_name = _("custom field")
        verbose_name_plural = _("custom fields")
        constraints = [
            models.UniqueConstraint(
                fields=["office", "target", "key"], name="customfield_office_target_key_unique"
            )
        ]

    def __str__(self) -> str:
        return self.label


class WorkerHeartbeat(models.Model):
    """When each background worker last showed it was alive, for /health/ and the banner.

    One row per worker process, written by `manage.py run_worker` every few seconds; the web
    processes read it from the database, so it is seen whatever process serves the page.
    """

    worker_id = models.CharField(_("worker"), max_length=64, unique=True)
    hostname = models.CharField(_("host"), max_length=255, blank=True)
    pid = models.PositiveIntegerField(_("process id"), default=0)
    started_at = models.DateTimeField(_("started"))
    beat_at = models.DateTimeField(_("last heartbeat"), db_index=True)

    class Meta:
        ordering = ["-beat_at"]
        verbose_name = _("worker heartbeat")
        verbose_name_plural = _("worker heartbeats")

    def __str__(self) -> str:
        return f"{self.worker_id} ({self.hostname}:{self.pid})"

"""Each user's own category tree, and the office's lead sources."""

from typing import Any, Self

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from estatedesk.core.models import OfficeOwnedModel
from estatedesk.core.querysets import SignallingQuerySet

DEFAULT_LEAD_SOURCES = [
    _("Website"),
    _("Referral"),
    _("MLS"),
    _("Marketing campaign"),
    _("Manual entry"),
]


class LeadSourceQuerySet(SignallingQuerySet["LeadSource"]):
    def for_office(self, office_id: int) -> Self:
        return self.filter(office_id=office_id)

    def offered(self, office_id: int, current_id: int | None = None) -> Self:
        """Active sources of the office, plus the record's current one even if deactivated."""
        q = models.Q(is_active=True)
        if current_id:
            q |= models.Q(pk=current_id)
        return self.filter(q, office_id=office_id)


class LeadSource(OfficeOwnedModel):
    """Where a record came from; maintained by the office administrator under Setup."""

    name = models.CharField(_("name"), max_length=100)
    position = models.PositiveIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    objects = LeadSourceQuerySet.as_manager()

    # Set on the sources `selectors.lead_sources_with_usage` returns: the records that carry it.
    record_count: int

    class Meta:
        ordering = ["office_id", "position", "name"]
        verbose_name = _("lead source")
        verbose_name_plural = _("lead sources")
        constraints = [
            models.UniqueConstraint(fields=["office", "name"], name="leadsource_office_name_unique")
        ]

    def __str__(self) -> str:
        return self.name


class CategoryQuerySet(SignallingQuerySet["Category"]):
    # A category belongs to its owner's own lists (accounts.officecache: the user's stamp).
    signalled_columns = ("office_id", "owner_id")

    def of_user(self, user: Any) -> Self:
        """A user sees and uses only their own categories."""
        if not getattr(user, "is_authenticated", False) or not user.office_id:
            return self.none()
        return self.filter(office_id=user.office_id, owner_id=user.pk)


class Category(OfficeOwnedModel):
    """A node in one user's own category tree (any depth)."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="categories",
        verbose_name=_("owner"),
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent"),
    )
    name = models.CharField(_("name"), max_length=100)
    position = models.PositiveIntegerField(_("position"), default=0)

    objects = CategoryQuerySet.as_manager()

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        indexes = [models.Index(fields=["office", "owner", "parent"], name="category_tree_idx")]

    def __str__(self) -> str:
        return self.name

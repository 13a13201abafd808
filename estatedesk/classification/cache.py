"""The office's lead sources and each user's categories, kept by `accounts.officecache`.

List pages offer them on every view; reading them costs more than the page's rows. They are
kept under the office's stamp like the office's other lists, and every change of a source or a
category gives the office a new one (the receivers below, connected in
ClassificationConfig.ready).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import DEFAULT_DB_ALIAS

from estatedesk.accounts import officecache

from .models import Category, LeadSource
from .tree import tree_choices

if TYPE_CHECKING:
    from estatedesk.accounts.models import Office


def lead_sources(office: Office) -> list[LeadSource]:
    """Every lead source of the office (active or not), in Setup's order."""
    return officecache.cached(
        office, ("sources",), lambda: list(LeadSource.objects.for_office(office.pk))
    )


def categories(office: Office, user_id: int) -> list[Category]:
    """A user's own categories (the flat list; `classification.tree` builds the tree)."""

    def build():
        rows = Category.objects.filter(office_id=office.pk, owner_id=user_id)
        return list(rows.only("id", "office_id", "owner_id", "parent_id", "name", "position"))

    return officecache.cached(office, ("categories", user_id), build)


def category_choices(office: Office, user_id: int) -> list[tuple[int, str]]:
    """The user's categories as (id, indented name) in tree order."""
    return officecache.cached(office, ("category_choices", user_id),
                              lambda: tree_choices(categories(office, user_id)))  # fmt: skip


def _row_changed(sender, instance, using=DEFAULT_DB_ALIAS, **kwargs) -> None:
    officecache.office_changed(instance.office_id, using=using)


def connect() -> None:
    from django.db.models.signals import post_delete, post_save

    for model in (LeadSource, Category):
        label = model._meta.label
        post_save.connect(_row_changed, sender=model, dispatch_uid=f"officecache-{label}")
        post_delete.connect(_row_changed, sender=model, dispatch_uid=f"officecache-d{label}")

"""The office's lead sources and each user's categories, kept by `accounts.officecache`.

List pages offer them on every view; reading them costs more than the page's rows. The sources
are kept under the office's stamp like its other lists; a user's categories under the user's
own stamp, so that one agent's edit leaves the office's and the colleagues' lists alone. The
receivers below (connected in ClassificationConfig.ready) give out new stamps on every write:
saves, deletes and bulk writes. What is kept is plain frozen rows, not model instances.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import DEFAULT_DB_ALIAS

from estatedesk.accounts import officecache

from .models import Category, LeadSource
from .tree import tree_choices

if TYPE_CHECKING:
    from django.db.models import Model

    from estatedesk.accounts.models import Office, User


@dataclass(frozen=True)
class SourceRow:
    pk: int
    name: str
    is_active: bool


@dataclass(frozen=True)
class CategoryRow:
    pk: int
    parent_id: int | None
    name: str
    position: int


def lead_sources(office: Office) -> tuple[SourceRow, ...]:
    """Every lead source of the office (active or not), in Setup's order."""

    def build() -> tuple[SourceRow, ...]:
        rows = LeadSource.objects.for_office(office.pk).values_list("pk", "name", "is_active")
        return tuple(SourceRow(*row) for row in rows)

    return officecache.cached(office, ("sources",), build)


def categories(user: User) -> tuple[CategoryRow, ...]:
    """The user's own categories (the flat list; `classification.tree` builds the tree)."""

    def build() -> tuple[CategoryRow, ...]:
        if user.office_id is None:
            return ()  # no office, no categories (as `CategoryQuerySet.of_user`)
        rows = Category.objects.filter(office_id=user.office_id, owner_id=user.pk)
        fields = ("pk", "parent_id", "name", "position")
        return tuple(CategoryRow(*row) for row in rows.values_list(*fields))

    return officecache.cached_for_user(user, ("categories",), build)


def category_choices(user: User) -> tuple[tuple[int, str], ...]:
    """The user's categories as (id, indented name) in tree order."""
    return officecache.cached_for_user(
        user, ("category_choices",), lambda: tuple(tree_choices(categories(user)))
    )


# --- receivers ----------------------------------------------------------------------------------


def _source_changed(
    sender: type[Model], instance: LeadSource, using: str = DEFAULT_DB_ALIAS, **kwargs: Any
) -> None:
    officecache.office_changed(instance.office_id, using=using)


def _category_changed(
    sender: type[Model], instance: Category, using: str = DEFAULT_DB_ALIAS, **kwargs: Any
) -> None:
    officecache.user_lists_changed(instance.owner_id, using=using)


def _categories_written(
    sender: type[Model], rows: list[dict[str, Any]], using: str = DEFAULT_DB_ALIAS, **kwargs: Any
) -> None:
    for owner_id in {row["owner_id"] for row in rows}:
        officecache.user_lists_changed(owner_id, using=using)


def connect() -> None:
    from django.db.models.signals import post_delete, post_save

    from estatedesk.core.querysets import rows_written

    receivers = (
        (LeadSource, _source_changed, officecache.office_rows_written),
        (Category, _category_changed, _categories_written),
    )
    for model, changed, written in receivers:
        uid = f"officecache-{model._meta.label}"
        post_save.connect(changed, sender=model, dispatch_uid=uid)
        post_delete.connect(changed, sender=model, dispatch_uid=f"{uid}-deleted")
        rows_written.connect(written, sender=model, dispatch_uid=f"{uid}-bulk")

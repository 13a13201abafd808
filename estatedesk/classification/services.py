"""Writes to category trees and lead sources."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from estatedesk.accounts.models import Office, User
from estatedesk.core.limits import check_room, limit_value, refuse
from estatedesk.core.permissions import require_admin, require_staff

from .cache import CategoryRow
from .models import DEFAULT_LEAD_SOURCES, Category, LeadSource
from .tree import MAX_INDENT, TreeItem, build_tree, flatten


def _own(category: Category, actor: User) -> Category:
    """The actor's own category, fresh from the database; anyone else's does not exist."""
    fresh = Category.objects.of_user(actor).filter(pk=category.pk).first()
    if fresh is None:
        raise PermissionDenied
    return fresh


def descendant_ids(categories: Iterable[TreeItem], roots: set[int]) -> set[int]:
    """The ids of `roots` and everything below them, from one user's whole tree in memory."""
    children: dict[int | None, list[int]] = {}
    for c in categories:
        children.setdefault(c.parent_id, []).append(c.pk)
    found, stack = set(), list(roots)
    while stack:
        pk = stack.pop()
        if pk in found:
            continue
        found.add(pk)
        stack.extend(children.get(pk, []))
    return found


def category_subtree_ids(*, user: User, roots: set[int]) -> set[int]:
    """`roots` (those of them the user owns) and all their descendants."""
    tree = list(Category.objects.of_user(user).only("pk", "parent_id"))
    own = {c.pk for c in tree}
    return descendant_ids(tree, {r for r in roots if r in own})


def _parents(user: User) -> dict[int, int | None]:
    """{category id: parent id} of the user's whole tree, from one query."""
    return dict(Category.objects.of_user(user).values_list("pk", "parent_id"))


def _level(parents: dict[int, int | None], pk: int) -> int:
    """How deep `pk` sits: 1 at the top level (a cycle, which moves prevent, stops the walk)."""
    level, seen, current = 1, {pk}, parents.get(pk)
    while current is not None and current not in seen:
        seen.add(current)
        level += 1
        current = parents.get(current)
    return level


def _height(parents: dict[int, int | None], pk: int) -> int:
    """How many levels the subtree under `pk` spans (1: no subcategories)."""
    children: dict[int | None, list[int]] = {}
    for child, parent in parents.items():
        children.setdefault(parent, []).append(child)
    height, level, seen = 0, [pk], set()
    while level:
        height += 1
        seen.update(level)
        level = [c for p in level for c in children.get(p, []) if c not in seen]
    return height


def _check_depth(actor: User, parent: Category | None, subtree_root: int | None = None) -> None:
    """Refuse to put a category (with its subtree, when moved) below the deepest level."""
    if parent is None:
        return
    parents = _parents(actor)
    height = _height(parents, subtree_root) if subtree_root is not None else 1
    if _level(parents, parent.pk) + height > limit_value("category_depth"):
        refuse("category_depth", field="parent")


def category_move_choices(*, category: Category, actor: User) -> list[tuple[int, str]]:
    """Where a category may go, as (id, indented name) in tree order: not under itself or its
    subcategories, nor so deep that its subtree would pass the depth limit. One query."""
    category = _own(category, actor)
    fields = ("pk", "parent_id", "name", "position")
    rows = [CategoryRow(*row) for row in Category.objects.of_user(actor).values_list(*fields)]
    parents = {row.pk: row.parent_id for row in rows}
    inside = descendant_ids(rows, {category.pk})
    room = limit_value("category_depth") - _height(parents, category.pk)
    return [
        (node.category.pk, "\u2003" * min(node.depth, MAX_INDENT) + node.category.name)
        for node in flatten(build_tree(rows))
        if node.category.pk not in inside and node.depth + 1 <= room
    ]


def _sibling_order(category: Category) -> tuple[int, str, int]:
    """The order siblings are shown in (see `tree.build_tree`), so moves match the screen."""
    return (category.position, category.name.lower(), category.pk)


def _next_position(actor: User, parent: Category | None, exclude: int | None = None) -> int:
    """One past the last of the actor's categories under `parent` (None: the top level)."""
    siblings = Category.objects.of_user(actor).filter(parent=parent)
    if exclude is not None:
        siblings = siblings.exclude(pk=exclude)
    return (siblings.aggregate(m=Max("position"))["m"] or 0) + 1


@transaction.atomic
def category_create(*, actor: User, name: str, parent: Category | None = None) -> Category:
    """Add a category at the end of the actor's top level, or of `parent`'s children."""
    office_id = require_staff(actor)
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Give the category a name.")})
    if parent is not None:
        parent = _own(parent, actor)
    check_room(
        "categories_per_user",
        Category.objects.of_user(actor),
        field="name",
        lock=User.objects.filter(pk=actor.pk),
    )
    _check_depth(actor, parent)
    return Category.objects.create(
        office_id=office_id,
        owner=actor,
        parent=parent,
        name=name[:100],
        position=_next_position(actor, parent),
    )


@transaction.atomic
def category_rename(*, category: Category, actor: User, name: str) -> Category:
    """Give one of the actor's categories a new name."""
    category = _own(category, actor)
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Give the category a name.")})
    category.name = name[:100]
    category.save(update_fields=["name", "updated_at"])
    return category


@transaction.atomic
def category_move(*, category: Category, actor: User, parent: Category | None) -> Category:
    """Put a category (with its subtree) under another parent, or at the top level.

    It goes last among its new siblings; moving it to the parent it already has changes nothing.
    """
    category = _own(category, actor)
    if parent is not None:
        parent = _own(parent, actor)
        if parent.pk in category_subtree_ids(user=actor, roots={category.pk}):
            raise ValidationError(
                {"parent": _("A category cannot go under itself or one of its subcategories.")}
            )
    if category.parent_id == (parent.pk if parent else None):
        return category
    _check_depth(actor, parent, subtree_root=category.pk)
    category.parent = parent
    category.position = _next_position(actor, parent, exclude=category.pk)
    category.save(update_fields=["parent", "position", "updated_at"])
    return category


@transaction.atomic
def category_reorder(*, category: Category, actor: User, direction: int) -> bool:
    """Swap a category with its previous (-1) or next (+1) sibling; False if it is at the end."""
    category = _own(category, actor)
    siblings = sorted(
        Category.objects.of_user(actor).filter(parent_id=category.parent_id), key=_sibling_order
    )
    index = next(i for i, c in enumerate(siblings) if c.pk == category.pk)
    other = index + (1 if direction > 0 else -1)
    if not 0 <= other < len(siblings):
        return False
    siblings[index], siblings[other] = siblings[other], siblings[index]
    for position, sibling in enumerate(siblings, start=1):
        if sibling.position != position:
            sibling.position = position
            sibling.save(update_fields=["position", "updated_at"])
    return True


@transaction.atomic
def category_delete(*, category: Category, actor: User) -> int:
    """Delete a category and its subcategories; the records in them are kept. Returns count."""
    category = _own(category, actor)
    ids = category_subtree_ids(user=actor, roots={category.pk})
    # The whole subtree explicitly (not only through `parent`'s CASCADE); the category links of
    # leads, contacts and relations go with it through their CASCADE, the records stay.
    Category.objects.filter(pk__in=ids).delete()
    return len(ids)


# --- lead sources (office administrators) ---------------------------------------------------


@transaction.atomic
def lead_sources_create_defaults(*, office: Office) -> None:
    """Give a new office the five default lead sources, in Setup's order."""
    LeadSource.objects.bulk_create(
        LeadSource(office=office, name=str(label), position=i)
        for i, label in enumerate(DEFAULT_LEAD_SOURCES)
    )


def office_created(sender: type[Office], *, office: Office, **kwargs: Any) -> None:
    """Receives `accounts.signals.office_created` (connected in ClassificationConfig.ready)."""
    lead_sources_create_defaults(office=office)


@transaction.atomic
def lead_source_create(*, actor: User, name: str) -> LeadSource:
    office_id = require_admin(actor)
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Give the source a name.")})
    check_room(
        "lead_sources_per_office",
        LeadSource.objects.for_office(office_id),
        field="name",
        lock=Office.objects.filter(pk=office_id),
    )
    if LeadSource.objects.for_office(office_id).filter(name__iexact=name).exists():
        raise ValidationError({"name": _("There is already a source with this name.")})
    position = (LeadSource.objects.for_office(office_id).aggregate(m=Max("position"))["m"] or 0) + 1
    return LeadSource.objects.create(office_id=office_id, name=name, position=position)


def _own_source(source: LeadSource, actor: User) -> LeadSource:
    office_id = require_admin(actor)
    fresh = LeadSource.objects.for_office(office_id).filter(pk=source.pk).first()
    if fresh is None:
        raise PermissionDenied
    return fresh


@transaction.atomic
def lead_source_rename(*, source: LeadSource, actor: User, name: str) -> LeadSource:
    source = _own_source(source, actor)
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Give the source a name.")})
    clash = LeadSource.objects.for_office(source.office_id).filter(name__iexact=name)
    if clash.exclude(pk=source.pk).exists():
        raise ValidationError({"name": _("There is already a source with this name.")})
    source.name = name
    source.save(update_fields=["name", "updated_at"])
    return source


@transaction.atomic
def lead_source_set_active(*, source: LeadSource, actor: User, active: bool) -> LeadSource:
    """A deactivated source stays on the records that have it but is no longer offered."""
    source = _own_source(source, actor)
    source.is_active = active
    source.save(update_fields=["is_active", "updated_at"])
    return source


@transaction.atomic
def lead_source_reorder(*, source: LeadSource, actor: User, direction: int) -> None:
    source = _own_source(source, actor)
    sources = list(LeadSource.objects.for_office(source.office_id))
    index = next(i for i, s in enumerate(sources) if s.pk == source.pk)
    other = index + (1 if direction > 0 else -1)
    if not 0 <= other < len(sources):
        return
    sources[index], sources[other] = sources[other], sources[index]
    for position, item in enumerate(sources, start=1):
        if item.position != position:
            item.position = position
            item.save(update_fields=["position"])

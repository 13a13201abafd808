"""What the category editor shows: one level of a user's tree, paged, with what lies below it
nested up to a budget, so the page stays small and linear in the tree's size whatever its shape.

A small tree shows whole on the first page, as it always did. A large one shows
`LEVEL_PER_PAGE` categories of a level per page; under each, its subcategories nest (at most
`CHILDREN_SHOWN` under one category, `NODE_BUDGET` on the page) and a category whose
subcategories do not fit links to its own page (`?parent=<id>`), with the way back above it.
Two queries whatever the size: the categories, then the record counts of those shown.
"""

from __future__ import annotations

from collections import Counter, deque
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.core.paginator import Page, Paginator
from django.urls import reverse
from django.utils.translation import gettext as _

from .cache import CategoryRow
from .models import Category
from .selectors import category_record_counts

LEVEL_PER_PAGE = 50
CHILDREN_SHOWN = 50
NODE_BUDGET = 300
NESTED_LEVELS = 10  # below the page's level; deeper ones are on their own pages


@dataclass
class EditorNode:
    """A category as the editor shows it: what sits in it and below it."""

    category: CategoryRow
    subcategory_count: int
    child_count: int
    is_first: bool
    is_last: bool
    counts: Counter[str] = field(default_factory=Counter)
    children: list[EditorNode] = field(default_factory=list)

    @property
    def record_count(self) -> int:
        return sum(self.counts.values())

    @property
    def count_title(self) -> str:
        return _("Leads: %(leads)d, contacts: %(contacts)d, relations: %(relations)d") % {
            "leads": self.counts["lead"],
            "contacts": self.counts["contact"],
            "relations": self.counts["relation"],
        }

    @property
    def hidden_children(self) -> int:
        """Subcategories not shown under it on this page (its own page shows them)."""
        return self.child_count - len(self.children)

    @property
    def own_page(self) -> str:
        return editor_url(self.category.pk)


@dataclass
class UserTree:
    """One user's whole tree in memory: rows by id, children in screen order, subtree sizes."""

    rows: dict[int, CategoryRow]
    children: dict[int | None, list[CategoryRow]]
    descendants: dict[int, int]

    @classmethod
    def load(cls, user: Any) -> UserTree:
        fields = ("pk", "parent_id", "name", "position")
        rows = [CategoryRow(*r) for r in Category.objects.of_user(user).values_list(*fields)]
        children: dict[int | None, list[CategoryRow]] = {}
        for row in sorted(rows, key=lambda c: (c.position, c.name.lower(), c.pk)):
            children.setdefault(row.parent_id, []).append(row)
        # Top down from the top level (a cycle, which moves prevent, is never reached), then
        # bottom up to add each subtree's size to its parent's.
        order: list[CategoryRow] = []
        level = children.get(None, [])
        while level:
            order.extend(level)
            level = [c for row in level for c in children.get(row.pk, [])]
        descendants = dict.fromkeys((row.pk for row in order), 0)
        for row in reversed(order):
            if row.parent_id is not None:
                descendants[row.parent_id] += descendants[row.pk] + 1
        return cls({row.pk: row for row in order}, children, descendants)

    def ancestors(self, pk: int | None) -> list[CategoryRow]:
        """From the top level down to `pk` (included)."""
        path: list[CategoryRow] = []
        while pk is not None and pk in self.rows and len(path) <= len(self.rows):
            path.append(self.rows[pk])
            pk = self.rows[pk].parent_id
        return path[::-1]

    def node(self, row: CategoryRow, siblings: list[CategoryRow], index: int) -> EditorNode:
        return EditorNode(
            category=row,
            subcategory_count=self.descendants[row.pk],
            child_count=len(self.children.get(row.pk, [])),
            is_first=index == 0,
            is_last=index == len(siblings) - 1,
        )


@dataclass
class EditorPage:
    parent: CategoryRow | None
    ancestors: list[CategoryRow]
    tree: list[EditorNode]
    page: Page
    category_count: int

    def page_url(self, number: int) -> str:
        return editor_url(self.parent.pk if self.parent else None, number)

    @property
    def previous_url(self) -> str | None:
        return self.page_url(self.page.number - 1) if self.page.has_previous() else None

    @property
    def next_url(self) -> str | None:
        return self.page_url(self.page.number + 1) if self.page.has_next() else None


def editor_url(parent_id: int | None = None, page: int = 1, anchor: int | None = None) -> str:
    """The editor's page of `parent_id`'s subcategories (None: the top level)."""
    query = {}
    if parent_id is not None:
        query["parent"] = parent_id
    if page > 1:
        query["page"] = page
    url = reverse("classification:category_tree")
    url += f"?{urlencode(query)}" if query else ""
    return f"{url}#category-{anchor}" if anchor is not None else url


def _expand(tree: UserTree, top: list[EditorNode]) -> list[EditorNode]:
    """Nest subcategories under `top`, breadth first, within the page's budget; every node."""
    shown = list(top)
    budget = NODE_BUDGET - len(top)
    queue = deque((node, 1) for node in top)
    while queue:
        node, level = queue.popleft()
        rows = tree.children.get(node.category.pk, [])
        take = min(len(rows), CHILDREN_SHOWN)
        if not take or take > budget or level > NESTED_LEVELS:
            continue  # its own page shows them
        node.children = [tree.node(row, rows, i) for i, row in enumerate(rows[:take])]
        budget -= take
        shown.extend(node.children)
        queue.extend((child, level + 1) for child in node.children)
    return shown


def editor_page(user: Any, parent_id: int | None = None, page: Any = 1) -> EditorPage:
    """The editor's page of one level of the user's tree (a parent not theirs: the top)."""
    tree = UserTree.load(user)
    if parent_id not in tree.rows:
        parent_id = None
    level = tree.children.get(parent_id, [])
    paged = Paginator(level, LEVEL_PER_PAGE).get_page(page)
    start = (paged.number - 1) * LEVEL_PER_PAGE
    top = [tree.node(row, level, start + i) for i, row in enumerate(paged.object_list)]
    shown = _expand(tree, top)
    counts = category_record_counts(user=user, category_ids=[n.category.pk for n in shown])
    for node in shown:
        node.counts = counts.get(node.category.pk, Counter())
    return EditorPage(
        parent=tree.rows.get(parent_id) if parent_id else None,
        ancestors=tree.ancestors(parent_id)[:-1] if parent_id else [],
        tree=top,
        page=paged,
        category_count=len(tree.rows),
    )


def _shows(nodes: list[EditorNode], pk: int) -> bool:
    return any(n.category.pk == pk or _shows(n.children, pk) for n in nodes)


def _page_of(tree: UserTree, parent_id: int | None, pk: int) -> tuple[list[EditorNode], int]:
    """The nodes of the page of `parent_id`'s level that holds `pk` there, and its number."""
    siblings = tree.children.get(parent_id, [])
    index = next((i for i, s in enumerate(siblings) if s.pk == pk), 0)
    number = index // LEVEL_PER_PAGE + 1
    start = (number - 1) * LEVEL_PER_PAGE
    chunk = siblings[start : start + LEVEL_PER_PAGE]
    return [tree.node(s, siblings, start + i) for i, s in enumerate(chunk)], number


def locate(user: Any, pk: int) -> tuple[int | None, int]:
    """(parent, page) of the editor's page that shows category `pk`: the top level's when it
    is nested there (a small tree: always), else its parent's own page."""
    tree = UserTree.load(user)
    path = tree.ancestors(pk)
    if not path:
        return None, 1
    top, number = _page_of(tree, None, path[0].pk)
    _expand(tree, top)
    if _shows(top, pk):
        return None, number
    parent_id = path[-1].parent_id
    return parent_id, _page_of(tree, parent_id, pk)[1]

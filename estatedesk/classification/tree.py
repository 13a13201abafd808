"""Turning one user's flat list of categories into a tree for display and choices."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Generic, Protocol, TypeVar


class TreeItem(Protocol):
    """What the tree reads of a category: a Category row, or the cached copy of one."""

    @property
    def pk(self) -> int: ...

    @property
    def parent_id(self) -> int | None: ...

    @property
    def name(self) -> str: ...

    @property
    def position(self) -> int: ...


C = TypeVar("C", bound=TreeItem)


@dataclass
class Node(Generic[C]):
    category: C
    depth: int
    children: list[Node[C]] = field(default_factory=list)


# Indentation shows nesting up to this depth; deeper levels line up with it, so that a list of
# choices stays linear in the number of categories however deep the tree goes.
MAX_INDENT = 10


def build_tree(categories: Iterable[C]) -> list[Node[C]]:
    """Roots with nested children, in position order; works from a single query's rows.

    Built top down without recursion, so any depth works; a category in a cycle (which moves
    prevent) is never reached from the top level and is left out.
    """
    by_parent: dict[int | None, list[C]] = {}
    for c in sorted(categories, key=lambda c: (c.position, c.name.lower(), c.pk)):
        by_parent.setdefault(c.parent_id, []).append(c)
    roots = [Node(c, 0) for c in by_parent.get(None, [])]
    level = roots
    while level:
        below: list[Node[C]] = []
        for node in level:
            node.children = [Node(c, node.depth + 1) for c in by_parent.get(node.category.pk, [])]
            below.extend(node.children)
        level = below
    return roots


def flatten(nodes: list[Node[C]]) -> list[Node[C]]:
    """Every node, each followed by its subtree (depth first, without recursion)."""
    out: list[Node[C]] = []
    stack = list(reversed(nodes))
    while stack:
        node = stack.pop()
        out.append(node)
        stack.extend(reversed(node.children))
    return out


def tree_choices(categories: Iterable[TreeItem]) -> list[tuple[int, str]]:
    """(id, indented name) pairs in tree order, for selects and checkbox lists."""
    return [
        (n.category.pk, "\u2003" * min(n.depth, MAX_INDENT) + n.category.name)
        for n in flatten(build_tree(categories))
    ]

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


def build_tree(categories: Iterable[C]) -> list[Node[C]]:
    """Roots with nested children, in position order; works from a single query's rows."""
    by_parent: dict[int | None, list[C]] = {}
    for c in sorted(categories, key=lambda c: (c.position, c.name.lower(), c.pk)):
        by_parent.setdefault(c.parent_id, []).append(c)

    def grow(parent_id: int | None, depth: int, seen: frozenset[int]) -> list[Node[C]]:
        return [
            Node(c, depth, grow(c.pk, depth + 1, seen | {c.pk}))
            for c in by_parent.get(parent_id, [])
            if c.pk not in seen
        ]

    return grow(None, 0, frozenset())


def flatten(nodes: list[Node[C]]) -> list[Node[C]]:
    out: list[Node[C]] = []
    for node in nodes:
        out.append(node)
        out.extend(flatten(node.children))
    return out


def tree_choices(categories: Iterable[TreeItem]) -> list[tuple[int, str]]:
    """(id, indented name) pairs in tree order, for selects and checkbox lists."""
    return [
        (n.category.pk, "\u2003" * n.depth + n.category.name)
        for n in flatten(build_tree(categories))
    ]

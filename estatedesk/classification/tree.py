"""Turning one user's flat list of categories into a tree for display and choices."""

from __future__ import annotations

from dataclasses import dataclass, field

from .models import Category


@dataclass
class Node:
    category: Category
    depth: int
    children: list[Node] = field(default_factory=list)


def build_tree(categories: list[Category]) -> list[Node]:
    """Roots with nested children, in position order; works from a single query's rows."""
    by_parent: dict[int | None, list[Category]] = {}
    for c in sorted(categories, key=lambda c: (c.position, c.name.lower(), c.pk)):
        by_parent.setdefault(c.parent_id, []).append(c)

    def grow(parent_id: int | None, depth: int, seen: frozenset[int]) -> list[Node]:
        return [
            Node(c, depth, grow(c.pk, depth + 1, seen | {c.pk}))
            for c in by_parent.get(parent_id, [])
            if c.pk not in seen
        ]

    return grow(None, 0, frozenset())


def flatten(nodes: list[Node]) -> list[Node]:
    out: list[Node] = []
    for node in nodes:
        out.append(node)
        out.extend(flatten(node.children))
    return out


def tree_choices(categories: list[Category]) -> list[tuple[int, str]]:
    """(id, indented name) pairs in tree order, for selects and checkbox lists."""
    return [
        (n.category.pk, "\u2003" * n.depth + n.category.name)
        for n in flatten(build_tree(categories))
    ]

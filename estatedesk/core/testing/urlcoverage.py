"""Which URLs take an object id, and which of them no permission matrix covers.

A URL takes an object id when its path (or an include above it) has an `<int:…>` converter or
a regex group other than REST framework's `format` suffix (the router's `(?P<pk>[^/]+)`).
Matrices are found in each app's `tests/test_permission_matrix.py` (its `MATRICES`), so a new
app is checked without anyone listing it here.
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.converters import IntConverter
from django.urls.resolvers import RegexPattern, RoutePattern

from .matrix import Matrix

MATRIX_MODULE = "tests.test_permission_matrix"
# Not an object: the suffix REST framework's router adds to every route (`.json`).
NOT_IDS = frozenset({"format"})


@dataclass(frozen=True)
class UrlEntry:
    name: str  # "namespace:name", or the route itself when the pattern has no name
    route: str

    def __str__(self) -> str:
        return f"{self.name}  ({self.route})"


def _takes_id(pattern) -> bool:
    if isinstance(pattern, RoutePattern):
        return any(isinstance(c, IntConverter) for c in pattern.converters.values())
    if isinstance(pattern, RegexPattern):
        return bool(set(pattern.regex.groupindex) - NOT_IDS)
    return False


def _walk(patterns: Iterable, prefix: str, namespace: str, has_id: bool) -> Iterator[UrlEntry]:
    for entry in patterns:
        route = prefix + str(entry.pattern)
        with_id = has_id or _takes_id(entry.pattern)
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry.url_patterns, route, inner, with_id)
        elif isinstance(entry, URLPattern) and with_id:
            yield UrlEntry(f"{namespace}{entry.name}" if entry.name else route, route)


def urls_with_object_ids(urlpatterns: Iterable | None = None) -> list[UrlEntry]:
    """Every pattern of the URLconf (or of `urlpatterns`) that takes an object id."""
    patterns = get_resolver().url_patterns if urlpatterns is None else urlpatterns
    return list(_walk(patterns, "", "", False))


def uncovered_urls(covered: set[str], urlpatterns: Iterable | None = None) -> list[UrlEntry]:
    """The URLs with an object id whose name is in no matrix, one entry per name."""
    seen: dict[str, UrlEntry] = {}
    for entry in urls_with_object_ids(urlpatterns):
        if entry.name not in covered:
            seen.setdefault(entry.name, entry)
    return sorted(seen.values(), key=lambda entry: entry.name)


def project_matrices() -> list[Matrix]:
    """The MATRICES of every installed app's tests/test_permission_matrix.py.

    Imported by name (not statically), as Django's autodiscovery does, so that this base layer
    does not depend on the apps above it.
    """
    matrices: list[Matrix] = []
    for config in apps.get_app_configs():
        if not config.name.startswith("estatedesk."):
            continue
        module_name = f"{config.name}.{MATRIX_MODULE}"
        if importlib.util.find_spec(f"{config.name}.tests") is None:
            continue
        if importlib.util.find_spec(module_name) is None:
            continue
        matrices.extend(getattr(importlib.import_module(module_name), "MATRICES", []))
    return matrices


def covered_url_names(matrices: Iterable[Matrix]) -> set[str]:
    return {name for matrix in matrices for name in matrix.url_names()}

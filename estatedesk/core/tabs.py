"""Tabs that other apps add to a record's detail page.

A detail page (a lead, contact, relation, and any later record such as a property or a deal)
shows its own tabs first, then the ones registered here for its model, ordered by `order`.
An app registers its tabs in its `AppConfig.ready()`:

    register_tab("contacts.contact", "properties", _("Properties"),
                 "properties/partials/_record_properties.html", context=linked_properties)

`context(request, record)` returns what the template needs. It runs only when the tab is
shown, so a page pays for the tab the user opened, and it must keep to a constant number of
queries (one per kind of linked row), starting from `visible_to` like everything else.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .http import StaffRequest

# (request, record) → the tab's template context; the request is a detail page's (staff).
TabContext = Callable[[StaffRequest, Any], dict[str, Any]]


@dataclass(frozen=True)
class DetailTab:
    key: str
    label: Any  # str or lazy translation
    template: str
    context: TabContext | None = None
    order: int = 50
    models: tuple[str, ...] = field(default=())


_REGISTRY: dict[str, dict[str, DetailTab]] = {}


def register_tab(
    model_label: str | list[str] | tuple[str, ...],
    key: str,
    label: Any,
    template: str,
    *,
    context: TabContext | None = None,
    order: int = 50,
) -> None:
    """Add (or replace, so `ready()` may run twice) a tab on the detail pages of models."""
    labels = (model_label,) if isinstance(model_label, str) else tuple(model_label)
    for model in labels:
        _REGISTRY.setdefault(model.lower(), {})[key] = DetailTab(
            key, label, template, context, order, labels
        )


def registered_tabs(model) -> list[DetailTab]:
    """The tabs other apps added to this model's detail page, in display order."""
    tabs = _REGISTRY.get(model._meta.label_lower, {})
    return sorted(tabs.values(), key=lambda tab: (tab.order, tab.key))

"""The record types that other apps file in categories, for the category editor to count.

classification sits below the apps whose records it files, so it does not import them: each
registers its types here in its `AppConfig.ready()` (contacts: leads, contacts, relations):

    register_filed_records("lead", Lead, LeadCategory)

`model` is a record model with `objects.visible_to(user)`; `link_model` files it in a category
(`office`, `record`, `category`).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models

from estatedesk.core.models import SharedRecord


@dataclass(frozen=True)
class FiledRecords:
    kind: str
    model: type[SharedRecord]
    link_model: type[models.Model]


_REGISTRY: dict[str, FiledRecords] = {}


def register_filed_records(
    kind: str, model: type[SharedRecord], link_model: type[models.Model]
) -> None:
    """Add (or replace, so that `ready()` may run twice) a record type filed in categories."""
    _REGISTRY[kind] = FiledRecords(kind, model, link_model)


def filed_records() -> list[FiledRecords]:
    """Every registered record type, in the order registered."""
    return list(_REGISTRY.values())

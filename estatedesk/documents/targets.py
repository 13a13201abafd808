"""The record types a document may belong to, resolved lazily.

Properties, projects and deals live in apps that may not exist yet (or not have that model
yet): a label whose model is not installed is skipped, and a model without the visibility
queryset is skipped too, so that nothing is ever served without a `visible_to` check.
"""

from __future__ import annotations

from typing import Any, cast

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import models

from estatedesk.core.models import SharedRecord

ALLOWED_LABELS: tuple[str, ...] = (
    "contacts.lead",
    "contacts.contact",
    "contacts.relation",
    "properties.property",
    "properties.project",
    "deals.deal",
)


def target_model(label: str) -> type[SharedRecord] | None:
    """The installed model for an allowlisted label, or None."""
    label = label.lower()
    if label not in ALLOWED_LABELS:
        return None
    try:
        model = apps.get_model(label)
    except (LookupError, ValueError):
        return None
    if not hasattr(model._default_manager.all(), "visible_to"):
        return None
    return cast("type[SharedRecord]", model)  # the records with `visible_to` are shared ones


def target_models() -> list[type[SharedRecord]]:
    """Every allowlisted model that is installed now."""
    return [m for m in (target_model(label) for label in ALLOWED_LABELS) if m is not None]


def is_target(model: type[models.Model]) -> bool:
    return target_model(model._meta.label_lower) is model._meta.concrete_model


def visible_record(content_type_id: int, object_id: int, user: Any) -> SharedRecord | None:
    """The record a document hangs on, if it is allowlisted and the user may see it."""
    model = ContentType.objects.get_for_id(content_type_id).model_class()
    if model is None or not is_target(model):
        return None
    target = cast("type[SharedRecord]", model)  # as target_model says
    return target._default_manager.visible_to(user).filter(pk=object_id).first()

"""Reads for Setup: what a user owns, the custom fields, one-line summaries."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from django.apps import apps
from django.db.models import Count, Q

from estatedesk.core.models import CustomField, CustomFieldTarget

from .models import Office, User
from .services import HANDOVER_MODELS

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

ACTIVE = Q(is_active=True)


def records_owned(*, user: User) -> dict[str, int]:
    """{"leads": n, "contacts": n, "relations": n}: what a handover would move."""
    counts: dict[str, int] = {}
    for label in HANDOVER_MODELS:
        model = apps.get_model(label)
        counts[model._meta.verbose_name_plural] = model.objects.filter(
            office_id=user.office_id, owner=user
        ).count()
    return counts


def custom_fields_by_target(*, office_id: int) -> list[tuple[str, StrOrPromise, list[CustomField]]]:
    """(target, its label, its fields in order, inactive ones included) for every target."""
    fields = list(CustomField.objects.filter(office_id=office_id))
    return [
        (target.value, target.label, [f for f in fields if f.target == target.value])
        for target in CustomFieldTarget
    ]


# What the apps above add to the summary (classification: its lead sources), registered in their
# AppConfig.ready(): `counts(office)` returns {name: number} in one query.
SUMMARY_COUNTS: list[Callable[[Office], dict[str, int]]] = []


def register_summary_counts(counts: Callable[[Office], dict[str, int]]) -> None:
    if counts not in SUMMARY_COUNTS:
        SUMMARY_COUNTS.append(counts)


def setup_summary(*, office: Office) -> dict[str, int]:
    users = User.objects.filter(office_id=office.pk).aggregate(
        total=Count("pk"), active=Count("pk", filter=ACTIVE)
    )
    fields = CustomField.objects.filter(office_id=office.pk).aggregate(
        total=Count("pk"), active=Count("pk", filter=ACTIVE)
    )
    summary = {
        "users": users["total"],
        "active_users": users["active"],
        "fields": fields["total"],
        "active_fields": fields["active"],
    }
    for counts in SUMMARY_COUNTS:
        summary.update(counts(office))
    return summary

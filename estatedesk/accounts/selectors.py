"""Reads for Setup: what a user owns, what uses a lead source, one-line summaries."""

from collections import Counter

from django.apps import apps
from django.db.models import Count, Q

from estatedesk.classification.models import LeadSource
from estatedesk.core.models import CustomField, CustomFieldTarget

from .models import Office, User
from .services import HANDOVER_MODELS

ACTIVE = Q(is_active=True)


def records_owned(*, user: User) -> dict[str, int]:
    """{"leads": n, "contacts": n, "relations": n}: what a handover would move."""
    counts = {}
    for label in HANDOVER_MODELS:
        model = apps.get_model(label)
        counts[model._meta.verbose_name_plural] = model.objects.filter(
            office_id=user.office_id, owner=user
        ).count()
    return counts


def lead_sources_with_usage(*, office_id: int) -> list[LeadSource]:
    """The office's sources in order, each with `record_count`: how many records carry it."""
    usage: Counter[int] = Counter()
    for label in HANDOVER_MODELS:
        model = apps.get_model(label)
        rows = (
            model.objects.filter(office_id=office_id, source__isnull=False)
            .values("source_id")
            .annotate(n=Count("pk"))
            .order_by()
        )
        usage.update({row["source_id"]: row["n"] for row in rows})
    sources = list(LeadSource.objects.for_office(office_id))
    for source in sources:
        source.record_count = usage[source.pk]
    return sources


def custom_fields_by_target(*, office_id: int) -> list[tuple[str, str, list[CustomField]]]:
    """(target, its label, its fields in order, inactive ones included) for every target."""
    fields = list(CustomField.objects.filter(office_id=office_id))
    return [
        (target.value, target.label, [f for f in fields if f.target == target.value])
        for target in CustomFieldTarget
    ]


def setup_summary(*, office: Office) -> dict[str, int]:
    users = User.objects.filter(office_id=office.pk).aggregate(
        total=Count("pk"), active=Count("pk", filter=ACTIVE)
    )
    sources = LeadSource.objects.for_office(office.pk).aggregate(
        total=Count("pk"), active=Count("pk", filter=ACTIVE)
    )
    fields = CustomField.objects.filter(office_id=office.pk).aggregate(
        total=Count("pk"), active=Count("pk", filter=ACTIVE)
    )
    return {
        "users": users["total"],
        "active_users": users["active"],
        "sources": sources["total"],
        "active_sources": sources["active"],
        "fields": fields["total"],
        "active_fields": fields["active"],
    }

"""Reads that span models: what each category holds, what uses each lead source."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from django.apps import apps
from django.db.models import Count, Q

from estatedesk.accounts.models import Office, User
from estatedesk.accounts.services import HANDOVER_MODELS

from .filed import filed_records
from .models import Category, LeadSource


def category_record_counts(
    *, user: User, category_ids: Iterable[int] | None = None
) -> dict[int, Counter[str]]:
    """Per category of the user: how many of the records they may see sit directly in it.

    {category id: Counter({"lead": n, "contact": n, "relation": n})}: one grouped count per
    record type filed in categories (`filed`), whatever the size of the tree; only of
    `category_ids` when given (the categories a page shows).
    """
    mine = Category.objects.of_user(user)
    if category_ids is not None:
        mine = mine.filter(pk__in=list(category_ids))
    mine_ids = mine.values("pk")
    counts: dict[int, Counter[str]] = {}
    for filed in filed_records():
        rows = (
            filed.link_model._default_manager.filter(
                office_id=user.office_id,
                category_id__in=mine_ids,
                record_id__in=filed.model.objects.visible_to(user).values("pk"),
            )
            .values("category_id")
            .annotate(n=Count("pk"))
            .order_by()
        )
        for row in rows:
            counts.setdefault(row["category_id"], Counter())[filed.kind] = row["n"]
    return counts


def lead_sources_with_usage(*, office_id: int) -> list[LeadSource]:
    """The office's sources in order, each with `record_count`: how many records carry it."""
    usage: Counter[int] = Counter()
    # The records that carry a source are those a handover moves (leads, contacts, relations).
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


def lead_source_counts(office: Office) -> dict[str, int]:
    """The Setup summary's line on sources (registered with `accounts.selectors`)."""
    counts = LeadSource.objects.for_office(office.pk).aggregate(
        total=Count("pk"), active=Count("pk", filter=Q(is_active=True))
    )
    return {"sources": counts["total"], "active_sources": counts["active"]}

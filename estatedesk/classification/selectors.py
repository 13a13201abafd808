"""Reads for the category tree editor that reach into the records filed in categories."""

from __future__ import annotations

from collections import Counter

from django.db.models import Count

from estatedesk.accounts.models import User

from .filed import filed_records
from .models import Category


def category_record_counts(*, user: User) -> dict[int, Counter[str]]:
    """Per category of the user: how many of the records they may see sit directly in it.

    {category id: Counter({"lead": n, "contact": n, "relation": n})}: one grouped count per
    record type filed in categories (`filed`), whatever the size of the tree.
    """
    mine = Category.objects.of_user(user).values("pk")
    counts: dict[int, Counter[str]] = {}
    for filed in filed_records():
        rows = (
            filed.link_model.objects.filter(
                office_id=user.office_id,
                category_id__in=mine,
                record_id__in=filed.model.objects.visible_to(user).values("pk"),
            )
            .values("category_id")
            .annotate(n=Count("pk"))
            .order_by()
        )
        for row in rows:
            counts.setdefault(row["category_id"], Counter())[filed.kind] = row["n"]
    return counts

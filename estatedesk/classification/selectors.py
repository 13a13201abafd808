"""Reads for the category tree editor that reach into the records filed in categories."""

from __future__ import annotations

from collections import Counter

from django.db.models import Count

from estatedesk.accounts.models import User
from estatedesk.contacts.models import (
    Contact,
    ContactCategory,
    Lead,
    LeadCategory,
    Relation,
    RelationCategory,
)

from .models import Category


def category_record_counts(*, user: User) -> dict[int, Counter[str]]:
    """Per category of the user: how many of the records they may see sit directly in it.

    {category id: Counter({"lead": n, "contact": n, "relation": n})}, in three queries whatever
    the size of the tree (one grouped count per record type).
    """
    mine = Category.objects.of_user(user).values("pk")
    counts: dict[int, Counter[str]] = {}
    for kind, model, link_model in (
        ("lead", Lead, LeadCategory),
        ("contact", Contact, ContactCategory),
        ("relation", Relation, RelationCategory),
    ):
        rows = (
            link_model.objects.filter(
                office_id=user.office_id,
                category_id__in=mine,
                record_id__in=model.objects.visible_to(user).values("pk"),
            )
            .values("category_id")
            .annotate(n=Count("pk"))
            .order_by()
        )
        for row in rows:
            counts.setdefault(row["category_id"], Counter())[kind] = row["n"]
    return counts

"""Paging that stays fast at a million rows: a capped count and a look-ahead row.

An exact `count(*)` of a large office's contacts costs more than the page itself, on every
view. So the count stops at `LIST_COUNT_CAP`: up to it, the list says exactly how many rows
match; past it, it says “more than 1,000” — honest, and bounded in cost. Whether there is a
next page is known from fetching one row more than the page shows.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.db.models.sql.where import WhereNode


@dataclass
class ListPage:
    number: int
    per_page: int
    object_list: list[Any]
    count: int  # exact when not `count_capped`, else the cap
    count_capped: bool
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def previous_page_number(self) -> int:
        return self.number - 1

    @property
    def next_page_number(self) -> int:
        return self.number + 1

    @property
    def num_pages(self) -> int | None:
        """None when the count was capped: the last page is not known without counting."""
        if self.count_capped:
            return None
        return max(1, math.ceil(self.count / self.per_page))


def capped_count(queryset: QuerySet, cap: int) -> tuple[int, bool]:
    """(count, capped): counts at most cap + 1 rows, in a subquery with a LIMIT."""
    n = queryset.order_by()[: cap + 1].count()
    return (cap, True) if n > cap else (n, False)


def _rows_by_id(queryset: QuerySet, ids: list) -> QuerySet:
    """The same columns and joins as `queryset`, for these ids only.

    The ids already passed every filter (visibility included): repeating the conditions — a
    search subquery, say — would only run them a second time.
    """
    rows = queryset.order_by()
    rows.query.where = WhereNode()
    return rows.filter(pk__in=ids)


def paginate(queryset: QuerySet, page_param: Any, per_page: int) -> ListPage:
    try:
        number = max(1, int(page_param))
    except (TypeError, ValueError):
        number = 1
    cap = settings.LIST_COUNT_CAP
    count, capped = capped_count(queryset, cap)
    if not capped:
        number = min(number, max(1, math.ceil(count / per_page)))
    offset = (number - 1) * per_page
    # Late row lookup: find the page's ids first — the list indexes carry the sort and the
    # sharing columns, so skipping `offset` rows reads the index alone — then load just those
    # rows. Loading whole rows only to throw away the first 12,000 is what makes deep pages slow.
    ids = list(queryset.values_list("pk", flat=True)[offset : offset + per_page + 1])
    has_next = len(ids) > per_page
    ids = ids[:per_page]
    by_id = {row.pk: row for row in _rows_by_id(queryset, ids)} if ids else {}
    return ListPage(
        number=number,
        per_page=per_page,
        object_list=[by_id[pk] for pk in ids if pk in by_id],
        count=count,
        count_capped=capped,
        has_next=has_next,
    )

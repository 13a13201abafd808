"""Paging that stays fast at a million rows: a late-loaded, capped count and a look-ahead row.

An exact `count(*)` of a large office's contacts costs more than the page itself. So the count
stops at `LIST_COUNT_CAP`: up to it, the list says exactly how many rows match; past it, it
says “more than 1,000” — honest, and bounded in cost. Even capped, counting a filtered list
(say a parent category with a rare source) reads every candidate row, while the page needs only
the first 25 in index order; so the page is rendered without it and the count arrives in a
second request (`?count=1`, loaded by htmx). Whether there is a next page is known from fetching
one row more than the page shows.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import connections
from django.db.models import QuerySet
from django.db.models.sql.where import WhereNode


@dataclass
class ListPage:
    number: int
    per_page: int
    object_list: list[Any]
    has_next: bool
    count: int | None = None  # exact when not `count_capped`, else the cap; None: not counted
    count_capped: bool = False

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
        """None when not counted or capped: the last page is not known without counting."""
        if self.count is None or self.count_capped:
            return None
        return max(1, math.ceil(self.count / self.per_page))


def capped_count(queryset: QuerySet, cap: int) -> tuple[int, bool]:
    """(count, capped): counts at most cap + 1 rows, in a subquery with a LIMIT."""
    n = queryset.order_by()[: cap + 1].count()
    return (cap, True) if n > cap else (n, False)


def _page_rows(
    queryset: QuerySet,
    number: int,
    per_page: int,
    load: Callable[[QuerySet], QuerySet] | None,
) -> list:
    """The page's rows and one more (to know whether a next page exists).

    Late row lookup: the page's ids come first — the list indexes carry the sort and the
    sharing columns, so skipping `offset` rows reads the index alone — then just those rows
    are loaded, with the same columns and joins as `queryset`. Loading whole rows only to
    throw away the first 12,000 is what makes deep pages slow. The ids already passed every
    filter (visibility included): repeating the conditions — a search subquery, say — would
    only run them a second time. A join kept from a filter may repeat a row: the first counts.

    On a database server the ids are a subquery of the query that loads the rows, in the
    list's order: a second round trip costs far more than the id query itself. SQLite runs
    in-process, where a second query costs nothing but sorting the loaded rows again does:
    there the ids are fetched first and the rows put in their order (docs/performance.md).
    """
    offset = (number - 1) * per_page
    ids: Iterable[Any] = queryset.values_list("pk", flat=True)[offset : offset + per_page + 1]
    in_process = connections[queryset.db].vendor == "sqlite"
    if in_process:
        ids = list(dict.fromkeys(ids))
        if not ids:
            return []
    rows = queryset.order_by() if in_process else queryset.all()
    rows.query.where = WhereNode()
    rows = rows.filter(pk__in=ids)
    if load is not None:
        rows = load(rows)
    first: dict = {}
    for row in rows:
        first.setdefault(row.pk, row)
    if in_process:
        return [first[pk] for pk in ids if pk in first]
    return list(first.values())


# Beyond any list's last page, and small enough that its offset fits the database's integers.
MAX_PAGE = 10**9


def page_number(page_param: Any) -> int:
    """The page asked for: 1 for anything that is not a number, at most MAX_PAGE (past the
    end, the list shows its last page)."""
    try:
        return min(max(1, int(page_param)), MAX_PAGE)
    except (TypeError, ValueError):
        return 1


def paginate(
    queryset: QuerySet,
    page_param: Any,
    per_page: int,
    *,
    count: bool,
    load: Callable[[QuerySet], QuerySet] | None = None,
) -> ListPage:
    """One page of rows; counted (capped) too when `count`, else see `count_page`.

    `load` may add to the query that loads the page's rows by id (say, each row's first phone
    as a subquery): it then runs for those rows only, never for the rows the filters skipped.
    """
    number = page_number(page_param)
    if count:
        total, capped = capped_count(queryset, settings.LIST_COUNT_CAP)
        if not capped:
            number = min(number, max(1, math.ceil(total / per_page)))
    rows = _page_rows(queryset, number, per_page, load)
    if not rows and number > 1 and not count:
        # Past the end (a bookmarked page of a list that shrank): show the last page.
        total, capped = capped_count(queryset, settings.LIST_COUNT_CAP)
        number = number if capped else max(1, math.ceil(total / per_page))
        rows = _page_rows(queryset, number, per_page, load)
    return ListPage(
        number=number,
        per_page=per_page,
        object_list=rows[:per_page],
        has_next=len(rows) > per_page,
        count=total if count else None,
        count_capped=capped if count else False,
    )


def count_page(queryset: QuerySet, page_param: Any, per_page: int) -> ListPage:
    """The count of a list (capped) with the page number it belongs to, without the rows."""
    count, capped = capped_count(queryset, settings.LIST_COUNT_CAP)
    return ListPage(
        number=page_number(page_param),
        per_page=per_page,
        object_list=[],
        has_next=False,
        count=count,
        count_capped=capped,
    )

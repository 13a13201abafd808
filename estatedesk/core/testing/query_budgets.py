"""Pinned query budgets: the exact number of SQL queries each list page, detail page, History
tab, API list and lead conversion runs, kept in `query_budgets.json` beside this module.

    with assert_query_budget("page:contacts:contact_list"):
        response = client.get(url)

The file holds one table per database vendor (`connection.vendor`: "sqlite", "postgresql"),
because the same page runs a different number of queries on each. Running more queries than
pinned fails, and so does running fewer: an improvement is pinned too, so that it cannot be
lost again unnoticed. The failure names the key, both counts and every query.

Re-baselining is one command: run the budget tests with `ESTATEDESK_QUERY_BUDGETS=rewrite`
(on the database whose counts should change). Nothing is then asserted; each process records
what it measured and merges it into the file when its session ends, under an exclusive lock,
so the rewrite also works with pytest-xdist (`-n`): each worker merges its own keys. Keys the
run did not measure are kept; a key whose test was removed is deleted by hand.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any

from django.apps import apps
from django.db import connections
from django.test.utils import CaptureQueriesContext

ENV_VAR = "ESTATEDESK_QUERY_BUDGETS"
BUDGET_FILE = Path(__file__).with_name("query_budgets.json")
REWRITE_HINT = "make query-budgets (with DATABASE_URL for PostgreSQL)"

# What this process measured in a rewrite run: vendor → key → queries.
_recorded: dict[str, dict[str, int]] = {}


def rewriting() -> bool:
    return os.environ.get(ENV_VAR, "") == "rewrite"


@cache
def _budgets() -> dict[str, dict[str, int]]:
    if not BUDGET_FILE.exists():
        return {}
    return json.loads(BUDGET_FILE.read_text(encoding="utf-8"))


def budget(vendor: str, key: str) -> int:
    """The pinned count; a missing entry fails with how to measure it (never a guess from
    another vendor's figures, which differ)."""
    try:
        return _budgets()[vendor][key]
    except KeyError:
        raise AssertionError(
            f"No {vendor} query budget for {key!r} in {BUDGET_FILE.name}. Measure it on "
            f"{vendor} with:\n  {REWRITE_HINT}"
        ) from None


def _failure(key: str, vendor: str, expected: int, ctx: CaptureQueriesContext) -> str:
    actual = len(ctx)
    lines = [
        f"Query budget {key!r} ({vendor}): expected {expected} queries, ran {actual}.",
        "Fewer is good news, but pin it too." if actual < expected else "",
        f"If the change is intended, re-baseline with:\n  {REWRITE_HINT}",
        "Queries run:",
        *(f"  {n}. {query['sql']}" for n, query in enumerate(ctx.captured_queries, 1)),
    ]
    return "\n".join(line for line in lines if line)


def _fill_process_caches() -> None:
    """Fill what a running server has long cached for the whole process (the content types),
    so that a count does not depend on which tests this process ran before."""
    if apps.is_installed("django.contrib.contenttypes"):
        from django.contrib.contenttypes.models import ContentType

        ContentType.objects.get_for_models(*apps.get_models())
    # The administrators' worker banner asks once per few seconds (core.heartbeat): ask now, so
    # that the counted request never happens to be the one that asks again.
    from estatedesk.core import heartbeat

    heartbeat.forget_worker_down()
    heartbeat.worker_down()


@contextmanager
def assert_query_budget(key: str, using: str = "default") -> Iterator[CaptureQueriesContext]:
    """Fail unless the block runs exactly the pinned number of queries (see the module)."""
    _fill_process_caches()
    connection = connections[using]
    with CaptureQueriesContext(connection) as ctx:
        yield ctx
    vendor = connection.vendor
    if rewriting():
        _recorded.setdefault(vendor, {})[key] = len(ctx)
        return
    expected = budget(vendor, key)
    if len(ctx) != expected:
        raise AssertionError(_failure(key, vendor, expected, ctx))


def write_recorded(path: Path = BUDGET_FILE) -> None:
    """Merge this process's measurements into the file (called at the end of the session)."""
    if not _recorded:
        return
    import fcntl  # POSIX only, as the rest of the tooling; imported here so Windows can import

    with path.open("a+", encoding="utf-8") as handle:
        # Several pytest-xdist workers end at the same time: read, merge and write as one step.
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            handle.seek(0)
            text = handle.read()
            data = json.loads(text) if text.strip() else {}
            for vendor, counts in _recorded.items():
                data.setdefault(vendor, {}).update(counts)
            handle.seek(0)
            handle.truncate()
            handle.write(json.dumps(data, indent=2, sort_keys=True) + "\n")
            handle.flush()
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
    _recorded.clear()
    _budgets.cache_clear()


def assert_page_budget(client: Any, key: str, url: str, params: dict | None = None,
                       *, status: int = 200) -> Any:  # fmt: skip
    """GET a page (or an API list) within its budget, counted warm: the first request fills
    what a returning visitor finds cached (the office cache, the session's user); the second
    is the one counted, as the benchmarks count it."""
    warm = client.get(url, params or {})
    assert warm.status_code == status, f"{key}: {url} answered {warm.status_code}"
    with assert_query_budget(key):
        response = client.get(url, params or {})
    assert response.status_code == status, f"{key}: {url} answered {response.status_code}"
    return response

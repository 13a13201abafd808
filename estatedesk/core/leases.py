"""Rows that workers send once: claim with a lease, deliver, release (reminders, webhooks).

A queued task may run twice or never, so correctness lives in the row, not in the queue. A row
that workers send has a state column, `claim_token`, `lease_until` and `attempts`. One UPDATE
on the row's own columns claims it, so the database lets exactly one of any number of workers
through; every later change is made only while that worker's token still matches, so a worker
that overran its lease (and was taken over) changes nothing. The queue only decides when a
worker looks. docs/reminders.md and docs/webhooks.md say what this guarantees.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Protocol

from django.db.models import F, Model, QuerySet
from django.utils import timezone

if TYPE_CHECKING:
    from django_tasks.base import Task

# A second run is queued this long after the lease ends, to take over from a dead worker.
TAKEOVER_MARGIN = timedelta(seconds=30)


class Retry(Protocol):
    """Queue another attempt at row `pk` for `when` (the worker side passes its task's)."""

    def __call__(self, pk: int, when: datetime, /) -> None: ...


def no_claim_fields(now: datetime) -> dict[str, Any]:
    return {}


@dataclass(frozen=True)
class LeasedRows:
    """How workers claim, release and sweep the rows of one model."""

    model: type[Model]
    # The column that says how far sending got, and its value while a worker holds the row.
    state_field: str
    claimed_state: str
    # The rows a worker may take at `now`: due ones, and claims whose lease ran out. It is
    # given the model's own queryset (its default manager's), whose methods the stubs cannot
    # know of through `model`: typed Any.
    due: Callable[[Any, datetime], QuerySet[Any]]
    # The order a sweep takes due rows in (oldest first).
    order_by: tuple[str, ...]
    # How long a claim protects a row being sent; far longer than a send can take.
    lease: Callable[[], timedelta]
    # More columns the claim sets, given the claim's time.
    claim_fields: Callable[[datetime], dict[str, Any]] = field(default=no_claim_fields)

    def claim(
        self, pk: int, *, now: datetime | None = None, lease: timedelta | None = None
    ) -> str | None:
        """Atomically take a due row for this worker; returns the claim token, or None."""
        now = now or timezone.now()
        token = secrets.token_hex(16)
        rows = self.due(self.model._default_manager.filter(pk=pk), now)
        claimed = rows.update(
            **{self.state_field: self.claimed_state},
            claim_token=token,
            lease_until=now + (lease if lease is not None else self.lease()),
            attempts=F("attempts") + 1,
            updated_at=now,
            **self.claim_fields(now),
        )
        return token if claimed else None

    def release(self, pk: int, token: str, **fields: Any) -> int:
        """Set `fields` and give up the claim, only while this worker still holds it.

        Returns the number of rows changed: 0 means another worker took the row over.
        """
        held = {self.state_field: self.claimed_state, "claim_token": token}
        return (
            self.model._default_manager.filter(pk=pk, **held)
            .update(claim_token="", lease_until=None, updated_at=timezone.now(), **fields)
        )  # fmt: skip

    def process_due(
        self, deliver: Callable[[int], StrEnum], *, now: datetime | None = None, limit: int = 500
    ) -> dict[str, int]:
        """Deliver every row due at `now` (at most `limit`); counts the outcomes by name."""
        now = now or timezone.now()
        due = self.due(self.model._default_manager.all(), now).order_by(*self.order_by)
        outcomes: dict[str, int] = {}
        for pk in list(due.values_list("pk", flat=True)[:limit]):
            outcome = deliver(pk)
            outcomes[outcome.value] = outcomes.get(outcome.value, 0) + 1
        return outcomes


def enqueue_with_takeover(
    task: Task[[int], Any], pk: int, when: datetime, lease: timedelta
) -> None:
    """Queue `task(pk)` for `when`, and once more for after the lease (if a worker died).

    Call it after commit, so that a worker never looks for a row that is not there yet. A
    backend that cannot defer gets only rows already due; a sweep sends the rest.
    """
    if task.get_backend().supports_defer:
        task.using(run_after=when).enqueue(pk)
        task.using(run_after=when + lease + TAKEOVER_MARGIN).enqueue(pk)
    elif when <= timezone.now():
        task.enqueue(pk)


def enqueue_retry(task: Task[[int], Any], pk: int, when: datetime) -> None:
    """Queue another attempt for `when`; without deferral the next sweep retries instead."""
    if task.get_backend().supports_defer:
        task.using(run_after=when).enqueue(pk)

"""The background worker's heartbeat, and what /health/ and the banner read from it.

The worker (`core.worker`) writes its row every few seconds; a web process finds the newest
beat and the queue's waiting tasks in the database, so it needs no line to the worker.
"""

from __future__ import annotations

import os
import socket
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from django.conf import settings
from django.db import DatabaseError, connection
from django.db.models import Count, Max, Min, Q
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max

from .models import WorkerHeartbeat

# Rows of workers gone this long are deleted when a worker starts (a restart is a new worker).
PRUNE_AFTER = timedelta(days=1)
# How long a web process reuses its answer to "is the worker down?" for the banner.
BANNER_CACHE_SECONDS = 10.0


class WorkerState(StrEnum):
    OK = "ok"
    STALE = "stale"  # a worker beat once, but not lately: it died or hangs
    MISSING = "missing"  # no worker has ever beaten (or none for a day)


@dataclass(frozen=True)
class WorkerHealth:
    state: WorkerState
    last_beat: datetime | None
    age_seconds: float | None


@dataclass(frozen=True)
class QueueHealth:
    waiting: int
    oldest_age_seconds: float | None


def interval() -> timedelta:
    """How often a worker writes its heartbeat."""
    return timedelta(seconds=getattr(settings, "WORKER_HEARTBEAT_SECONDS", 5))


def stale_after() -> timedelta:
    """A heartbeat older than this means the worker is down (a task may run a while)."""
    return timedelta(seconds=getattr(settings, "WORKER_STALE_SECONDS", 60))


def beat(*, worker_id: str, started_at: datetime, now: datetime | None = None) -> None:
    """Record that worker `worker_id` is alive at `now` (one UPDATE once its row exists)."""
    now = now or timezone.now()
    if WorkerHeartbeat.objects.filter(worker_id=worker_id).update(beat_at=now):
        return
    WorkerHeartbeat.objects.create(
        worker_id=worker_id,
        hostname=socket.gethostname()[:255],
        pid=os.getpid(),
        started_at=started_at,
        beat_at=now,
    )


def prune(now: datetime | None = None) -> int:
    """Delete the rows of workers silent for a day; returns how many."""
    now = now or timezone.now()
    deleted, _ = WorkerHeartbeat.objects.filter(beat_at__lt=now - PRUNE_AFTER).delete()
    return deleted


def worker_health(now: datetime | None = None) -> WorkerHealth:
    """Whether some worker beat within `stale_after()` of `now` (one query)."""
    now = now or timezone.now()
    last_beat = WorkerHeartbeat.objects.aggregate(last=Max("beat_at"))["last"]
    if last_beat is None:
        return WorkerHealth(WorkerState.MISSING, None, None)
    age = now - last_beat
    state = WorkerState.OK if age <= stale_after() else WorkerState.STALE
    return WorkerHealth(state, last_beat, max(age.total_seconds(), 0.0))


def queue_health(now: datetime | None = None) -> QueueHealth:
    """How many tasks are due and not yet taken, and how long the oldest has waited (one
    query). A task deferred to later is not waiting until its time comes."""
    now = now or timezone.now()
    undeferred = Q(run_after=get_date_max())
    totals = DBTaskResult.objects.ready().aggregate(
        waiting=Count("pk"),
        oldest_enqueued=Min("enqueued_at", filter=undeferred),
        oldest_due=Min("run_after", filter=~undeferred),
    )
    since = [moment for moment in (totals["oldest_enqueued"], totals["oldest_due"]) if moment]
    oldest = (now - min(since)).total_seconds() if since else None
    return QueueHealth(totals["waiting"], max(oldest, 0.0) if oldest is not None else None)


def database_ok() -> bool:
    """Whether the database answers a trivial query."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return False
    return True


def worker_expected() -> bool:
    """Whether a worker should run even before one ever beat (production says so)."""
    return bool(getattr(settings, "WORKER_EXPECTED", False))


_banner_answer: tuple[float, bool] | None = None


def worker_down() -> bool:
    """Whether administrators should be told the worker is down; at most one query per
    BANNER_CACHE_SECONDS per process.

    Down is a stale heartbeat, or none at all where a worker is expected: a development
    server or a test run that never started a worker shows nothing.
    """
    global _banner_answer
    moment = time.monotonic()
    if _banner_answer is not None and _banner_answer[0] > moment:
        return _banner_answer[1]
    try:
        state = worker_health().state
    except DatabaseError:
        # The page is failing for a bigger reason; the banner must not make it worse.
        return False
    down = state == WorkerState.STALE or (state == WorkerState.MISSING and worker_expected())
    _banner_answer = (moment + BANNER_CACHE_SECONDS, down)
    return down


def forget_worker_down() -> None:
    """Drop the cached banner answer (tests, and after a deliberate change)."""
    global _banner_answer
    _banner_answer = None

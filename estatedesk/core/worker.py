"""The background worker's loop: django-tasks-db's worker that survives database errors.

django_tasks_db's `Worker.run` only forgives a "database is locked" raised while it selects a
task; the same error when SQLite begins its exclusive transaction, or any OperationalError while
a result is written, ends the process, and nothing restarted it. This loop claims and runs tasks
the library's way (its own `run_task`), but a database error waits with a growing back-off and
a fresh connection, then carries on; between tasks it writes the heartbeat (`core.heartbeat`).
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable
from datetime import datetime

from django.db import connections
from django.db.utils import InterfaceError, OperationalError
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction, is_locked_database_exception

from . import heartbeat

logger = logging.getLogger("estatedesk.worker")

# The database errors a worker outlives: locks that time out, connections that drop.
RECOVERABLE_ERRORS = (OperationalError, InterfaceError)
BACKOFF_FIRST_SECONDS = 0.5
BACKOFF_MAX_SECONDS = 30.0


def backoff_seconds(failures: int) -> float:
    """How long to wait after `failures` database errors in a row: 0.5 s doubling to 30 s."""
    return min(BACKOFF_FIRST_SECONDS * 2 ** max(failures - 1, 0), BACKOFF_MAX_SECONDS)


def refresh_old_connections() -> None:
    """Django's close_old_connections, sparing a connection inside an atomic block (see below)."""
    for connection in connections.all(initialized_only=True):
        if not connection.in_atomic_block:
            connection.close_if_unusable_or_obsolete()


def drop_connections() -> None:
    """Close every database connection so that the next query opens a fresh one.

    A connection inside an atomic block is left alone: the worker loop never holds one open
    between tasks, so that only happens under a test's transaction, which closing would end.
    """
    for connection in connections.all(initialized_only=True):
        if not connection.in_atomic_block:
            connection.close()


class ResilientWorker(Worker):
    """A django-tasks-db worker that retries after database errors and writes a heartbeat."""

    def __init__(self, *, sleep: Callable[[float], None] = time.sleep, **options: object) -> None:
        super().__init__(**options)  # type: ignore[arg-type]
        self.sleep = sleep
        self.started_at = timezone.now()
        self.failures = 0
        self._last_beat: datetime | None = None

    def run(self) -> None:
        logger.info("Starting worker worker_id=%s queues=%s", self.worker_id, self.queue_names)
        if self.startup_delay and self.interval:
            # As the library does: workers started together do not all poll at once.
            self.sleep(random.random())  # noqa: S311 (not for security)
        while self.running:
            try:
                self.beat()
                task_result = self.claim_next()
                if task_result is not None:
                    self.run_task(task_result)
                    self.beat()
            except RECOVERABLE_ERRORS as error:
                self.recover(error)
                continue
            self.failures = 0
            if self.max_tasks is not None and self._run_tasks >= self.max_tasks:
                logger.info("Ran %d tasks, worker_id=%s exits.", self._run_tasks, self.worker_id)
                return
            if self.batch and task_result is None:
                return
            if self.running and task_result is None:
                self.sleep(self.interval)

    def claim_next(self) -> DBTaskResult | None:
        """Take the next ready task of this worker's queues, or None when there is none."""
        # Like the library: a connection that expired while the worker slept is replaced.
        refresh_old_connections()
        tasks = DBTaskResult.objects.ready().filter(backend_name=self.backend_name)
        if not self.process_all_queues:
            tasks = tasks.filter(queue_name__in=self.queue_names)
        if self.excluded_queue_names:
            tasks = tasks.exclude(queue_name__in=self.excluded_queue_names)
        with exclusive_transaction(tasks.db):
            task_result = tasks.get_locked()
            if task_result is not None:
                task_result.claim(self.worker_id)
        return task_result

    def beat(self) -> None:
        """Write the heartbeat, at most once per heartbeat interval."""
        now = timezone.now()
        if self._last_beat is None:
            heartbeat.prune(now)  # once per start: a restart leaves its predecessor's row
        if self._last_beat is None or (now - self._last_beat) >= heartbeat.interval():
            heartbeat.beat(worker_id=self.worker_id, started_at=self.started_at, now=now)
            self._last_beat = now

    def recover(self, error: OperationalError | InterfaceError) -> None:
        """Wait out a database error with a growing back-off, on a fresh connection."""
        self.failures += 1
        delay = backoff_seconds(self.failures)
        locked = (
            isinstance(error, OperationalError)
            and bool(error.args)
            and is_locked_database_exception(error)
        )
        kind = "locked" if locked else "unavailable"
        logger.warning(
            "Database %s (%s); worker_id=%s retries in %.1f s (failure %d in a row).",
            kind,
            error,
            self.worker_id,
            delay,
            self.failures,
        )
        drop_connections()
        self.sleep(delay)

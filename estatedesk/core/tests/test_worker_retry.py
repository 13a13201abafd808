"""The worker outlives database errors: it waits, reconnects and runs the next task."""

from unittest import mock

import pytest
from django.db.utils import OperationalError
from django_tasks import task
from django_tasks_db.models import DBTaskResult, DBTaskResultQuerySet

from estatedesk.core.models import WorkerHeartbeat
from estatedesk.core.worker import ResilientWorker, backoff_seconds

pytestmark = pytest.mark.django_db

ran: list[str] = []


@task()
def remember(value: str) -> None:
    ran.append(value)


@pytest.fixture(autouse=True)
def _forget_runs():
    ran.clear()
    yield
    ran.clear()


def make_worker(sleeps: list[float], max_tasks: int) -> ResilientWorker:
    return ResilientWorker(
        queue_names=["default"],
        interval=0,
        batch=False,
        backend_name="default",
        startup_delay=False,
        max_tasks=max_tasks,
        worker_id="test-worker",
        excluded_queue_names=[],
        sleep=sleeps.append,
    )


def fetch_failing_with(*errors: Exception):
    """get_locked raising each of `errors` once, then selecting as usual."""
    real = DBTaskResultQuerySet.get_locked
    pending = list(errors)

    def get_locked(self):
        if pending:
            raise pending.pop(0)
        return real(self)

    return mock.patch.object(DBTaskResultQuerySet, "get_locked", get_locked)


@pytest.mark.parametrize(
    "message",
    ["database is locked", "server closed the connection unexpectedly"],
)
def test_worker_goes_on_after_a_database_error_and_runs_the_next_task(message):
    # Given two queued tasks and a fetch that fails once
    remember.enqueue("first")
    remember.enqueue("second")
    sleeps: list[float] = []

    # When the worker runs
    with fetch_failing_with(OperationalError(message)):
        make_worker(sleeps, max_tasks=2).run()

    # Then it waited once and ran both tasks
    assert ran == ["first", "second"]
    assert sleeps == [backoff_seconds(1)]
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"SUCCESSFUL"}


def test_the_wait_grows_with_failures_in_a_row_and_starts_over_after_a_success():
    remember.enqueue("only")
    sleeps: list[float] = []

    with fetch_failing_with(*(OperationalError("database is locked") for _ in range(3))):
        make_worker(sleeps, max_tasks=1).run()

    assert ran == ["only"]
    assert sleeps == [0.5, 1.0, 2.0]


def test_backoff_doubles_up_to_a_ceiling():
    assert [backoff_seconds(n) for n in (1, 2, 3, 4)] == [0.5, 1.0, 2.0, 4.0]
    assert backoff_seconds(50) == 30.0


def test_an_error_outside_the_database_still_ends_the_worker():
    # Only database errors are waited out; a bug must not loop forever in silence.
    with (
        mock.patch.object(DBTaskResultQuerySet, "get_locked", side_effect=RuntimeError("bug")),
        pytest.raises(RuntimeError),
    ):
        make_worker([], max_tasks=1).run()


def test_the_worker_writes_its_heartbeat_as_it_runs():
    remember.enqueue("one")

    make_worker([], max_tasks=1).run()

    beat = WorkerHeartbeat.objects.get(worker_id="test-worker")
    assert beat.beat_at >= beat.started_at

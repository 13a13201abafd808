"""The supervisor `make run` uses restarts a worker that dies and stops it when told to."""

import os
import queue
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from estatedesk.core.supervisor import restart_delay

# A transaction of its own would hold the in-memory database, which the copy must read whole.
pytestmark = pytest.mark.django_db(transaction=True)

MANAGE_PY = Path(settings.BASE_DIR).parent / "manage.py"
# Generous: the machine running the suite may be busy; Python and Django start in each child.
WAIT_SECONDS = 90


@pytest.fixture
def worker_database(tmp_path):
    """A copy of the test database in a file the supervisor's worker can open."""
    if connection.vendor != "sqlite":
        pytest.skip("copies the SQLite test database to a file; the loop is the same elsewhere")
    path = tmp_path / "worker.sqlite3"
    connection.ensure_connection()
    target = sqlite3.connect(path)
    try:
        connection.connection.backup(target)
    finally:
        target.close()
    return path


def read_lines(stream, into: queue.Queue) -> None:
    for line in iter(stream.readline, ""):
        into.put(line.strip())


def next_worker_pid(lines: queue.Queue) -> int:
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        try:
            line = lines.get(timeout=1)
        except queue.Empty:
            continue
        if line.startswith("worker pid "):
            return int(line.removeprefix("worker pid "))
    raise AssertionError("the supervisor started no worker")


def wait_for_heartbeat(path: Path) -> None:
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        with sqlite3.connect(path) as db:
            if db.execute("SELECT count(*) FROM core_workerheartbeat").fetchone()[0]:
                return
        time.sleep(0.5)
    raise AssertionError("the worker wrote no heartbeat")


def is_running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_a_killed_worker_is_restarted_and_sigterm_stops_both(worker_database, tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "estatedesk.settings.test",
        "DATABASE_URL": f"sqlite:///{worker_database}",
        "PYTHONUNBUFFERED": "1",
    }
    env.pop("ESTATEDESK_E2E", None)
    log = (tmp_path / "supervisor.log").open("w")
    supervisor = subprocess.Popen(  # noqa: S603 (our own command line)
        [sys.executable, str(MANAGE_PY), "supervise_worker", "--",
         "--interval", "0.2", "--no-startup-delay"],
        stdout=subprocess.PIPE, stderr=log, text=True, env=env,
    )  # fmt: skip
    lines: queue.Queue = queue.Queue()
    threading.Thread(target=read_lines, args=(supervisor.stdout, lines), daemon=True).start()
    started: list[int] = []
    try:
        # Given a worker running under the supervisor, beating into the database
        started.append(next_worker_pid(lines))
        wait_for_heartbeat(worker_database)

        # When the worker is killed outright
        os.kill(started[0], signal.SIGKILL)

        # Then another worker takes its place
        started.append(next_worker_pid(lines))
        assert started[1] != started[0]
        assert is_running(started[1])

        # And SIGTERM stops the supervisor cleanly, taking its worker with it
        supervisor.send_signal(signal.SIGTERM)
        assert supervisor.wait(timeout=WAIT_SECONDS) == 0
        assert not is_running(started[1])
    finally:
        if supervisor.poll() is None:
            supervisor.kill()
            supervisor.wait()
        for pid in started:
            if is_running(pid):
                os.kill(pid, signal.SIGKILL)
        log.close()


def test_restarts_wait_longer_after_each_quick_exit():
    assert [restart_delay(n) for n in (1, 2, 3, 4)] == [1.0, 2.0, 4.0, 8.0]
    assert restart_delay(100) == 60.0

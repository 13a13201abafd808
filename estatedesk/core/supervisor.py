"""Keeps the background worker running: starts it as a child process and restarts it when it
exits, waiting longer after each quick failure; stopping the supervisor stops the worker.

`make run` starts the worker this way (`manage.py supervise_worker`), so a worker that dies is
back within seconds instead of reminders and webhooks silently stopping.
"""

from __future__ import annotations

import logging
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from types import FrameType

logger = logging.getLogger("estatedesk.worker")

# A worker that ran this long before exiting was healthy: the back-off starts over.
HEALTHY_RUN_SECONDS = 60.0
RESTART_FIRST_SECONDS = 1.0
RESTART_MAX_SECONDS = 60.0
# How long a stopping worker may finish its task before it is killed.
STOP_GRACE_SECONDS = 10.0


def restart_delay(quick_exits: int) -> float:
    """The wait before restart number `quick_exits` in a row: 1 s doubling to 60 s."""
    return min(RESTART_FIRST_SECONDS * 2 ** max(quick_exits - 1, 0), RESTART_MAX_SECONDS)


def worker_command(manage_py: Path, worker_args: Sequence[str]) -> list[str]:
    """The command line of the worker: this Python running `manage.py run_worker`."""
    return [sys.executable, str(manage_py), "run_worker", *worker_args]


class Supervisor:
    """Runs `command` until told to stop, restarting it whenever it exits."""

    def __init__(
        self,
        command: Sequence[str],
        *,
        on_start: Callable[[int], None] | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.command = list(command)
        self.on_start = on_start
        self.clock = clock
        self.stopping = False
        self.child: subprocess.Popen[bytes] | None = None

    def install_signals(self) -> None:
        # Set explicitly: a job started in the background by a shell ignores SIGINT otherwise.
        for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
            signal.signal(signum, self.stop)

    def stop(self, signum: int = signal.SIGTERM, frame: FrameType | None = None) -> None:
        """Stop restarting; the loop then asks the worker to finish its task and exit."""
        self.stopping = True

    def run(self) -> int:
        """Supervise until stopped; returns the exit status for the supervisor's process."""
        quick_exits = 0
        while not self.stopping:
            started = self.clock()
            # A session of its own: Ctrl-C in the terminal reaches the supervisor, which passes
            # one signal on, instead of the worker getting two and abandoning its task.
            self.child = subprocess.Popen(self.command, start_new_session=True)  # noqa: S603
            logger.info("Worker started (pid %d).", self.child.pid)
            if self.on_start is not None:
                self.on_start(self.child.pid)
            status = self._wait_for_child()
            if self.stopping:
                break
            quick_exits = 0 if self.clock() - started >= HEALTHY_RUN_SECONDS else quick_exits + 1
            delay = restart_delay(max(quick_exits, 1))
            logger.warning(
                "Worker (pid %d) exited with status %s; restarting in %.0f s.",
                self.child.pid,
                status,
                delay,
            )
            self._sleep_unless_stopped(delay)
        self._stop_child()
        return 0

    def _wait_for_child(self) -> int | None:
        """The worker's exit status, or None once the supervisor is told to stop."""
        assert self.child is not None
        while not self.stopping:
            try:
                return self.child.wait(timeout=0.5)
            except subprocess.TimeoutExpired:
                continue
        return None

    def _sleep_unless_stopped(self, seconds: float) -> None:
        deadline = self.clock() + seconds
        while not self.stopping and self.clock() < deadline:
            time.sleep(min(0.2, seconds))

    def _stop_child(self) -> None:
        child = self.child
        if child is None or child.poll() is not None:
            return
        child.terminate()
        try:
            child.wait(timeout=STOP_GRACE_SECONDS)
        except subprocess.TimeoutExpired:
            logger.warning("Worker (pid %d) did not stop in time; killing it.", child.pid)
            child.kill()
            child.wait()

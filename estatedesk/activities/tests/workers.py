"""Running reminder workers as real subprocesses against the test database.

With SQLite the test database lives in memory, so `publish()` copies it to a file the
subprocesses open; with PostgreSQL they connect to the test database itself. Either way the
test must commit its data first (`django_db(transaction=True)`).
"""

from __future__ import annotations

import email
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings
from django.db import connection

PROJECT_DIR = Path(settings.BASE_DIR).parent
WAIT_LIMIT = 120  # seconds: only a guard against hanging the suite, never an assertion


class WorkerDatabase:
    def __init__(self, tmp_path: Path) -> None:
        self.tmp_path = tmp_path
        self.sqlite = connection.vendor == "sqlite"
        self.file = tmp_path / "worker.sqlite3"

    def publish(self) -> None:
        """Make what the test committed visible to subprocesses."""
        if self.sqlite:
            connection.ensure_connection()
            target = sqlite3.connect(self.file)
            try:
                connection.connection.backup(target)
            finally:
                target.close()

    def env(self, mail_dir: Path, **extra: str) -> dict[str, str]:
        mail_dir.mkdir(parents=True, exist_ok=True)
        return {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "estatedesk.activities.tests.worker_settings",
            "ESTATEDESK_WORKER_DB_NAME": str(self.file)
            if self.sqlite
            else connection.settings_dict["NAME"],
            "ESTATEDESK_WORKER_MAIL_DIR": str(mail_dir),
            **extra,
        }

    def rows(self, sql: str) -> list[tuple]:
        """Read the subprocesses' database (no parameters: the same SQL on both engines)."""
        if self.sqlite:
            db = sqlite3.connect(self.file)
            try:
                return db.execute(sql).fetchall()
            finally:
                db.close()
        with connection.cursor() as cursor:
            cursor.execute(sql)
            return cursor.fetchall()

    def start(self, args: list[str], env: dict[str, str]) -> subprocess.Popen:
        return subprocess.Popen(  # noqa: S603 - fixed arguments, no shell
            [sys.executable, *args],
            cwd=PROJECT_DIR,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )

    def first_line(self, proc: subprocess.Popen) -> str:
        """The worker's first line ("ready" once it is connected); any other line is followed by
        everything else the worker printed (its traceback), so a failed start says why."""
        line = proc.stdout.readline().strip()
        if line != "ready":
            proc.kill()  # then its output ends; read through the pipe's buffer, not around it
            line += "\n" + proc.stdout.read()
            proc.wait(timeout=WAIT_LIMIT)
        return line

    def run(self, args: list[str], env: dict[str, str]) -> str:
        proc = self.start(args, env)
        out, _err = proc.communicate(timeout=WAIT_LIMIT)
        assert proc.returncode == 0, out
        return out


def wait_until(condition, proc: subprocess.Popen | None = None) -> None:
    """Poll until `condition()` holds; fail (with the process output) if it never does."""
    deadline = time.monotonic() + WAIT_LIMIT
    while not condition():
        if proc is not None and proc.poll() is not None:
            raise AssertionError(f"worker exited early:\n{proc.stdout.read()}")
        if time.monotonic() > deadline:
            raise AssertionError("gave up waiting for the worker")
        time.sleep(0.02)


def sent_messages(*mail_dirs: Path) -> list[email.message.Message]:
    """Every message the file backend wrote (one file per connection, messages split by dashes)."""
    messages = []
    for mail_dir in mail_dirs:
        for path in sorted(mail_dir.glob("*.log")):
            for chunk in path.read_bytes().split(b"\n" + b"-" * 79 + b"\n"):
                if chunk.strip():
                    messages.append(email.message_from_bytes(chunk))
    return messages

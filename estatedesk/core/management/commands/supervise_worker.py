"""`manage.py supervise_worker`: runs `run_worker` and restarts it whenever it exits.

Arguments after `--` go to the worker: `manage.py supervise_worker -- --interval 2`.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from estatedesk.core.supervisor import Supervisor, worker_command


class Command(BaseCommand):
    help = "Run the background worker and restart it whenever it exits."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("worker_args", nargs="*", help="Options for run_worker (after --).")

    def handle(self, *args: Any, **options: Any) -> None:
        manage_py = Path(settings.BASE_DIR).parent / "manage.py"
        supervisor = Supervisor(
            worker_command(manage_py, options["worker_args"]),
            on_start=self.announce,
        )
        supervisor.install_signals()
        sys.exit(supervisor.run())

    def announce(self, pid: int) -> None:
        # One line per start, flushed: whoever watches the output (a test) sees each restart.
        self.stdout.write(f"worker pid {pid}")
        self.stdout.flush()

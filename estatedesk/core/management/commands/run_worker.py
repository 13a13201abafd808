"""`manage.py run_worker`: the background worker, which outlives database errors (core.worker).

It takes db_worker's options (queues, interval, batch, max tasks, worker id); reloading on code
changes is left out, since the supervisor (`supervise_worker`) restarts it instead.
"""

from __future__ import annotations

from typing import Any

from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from estatedesk.core.worker import ResilientWorker


class Command(DbWorkerCommand):
    help = "Run the background worker: retries after database errors, writes a heartbeat."

    def add_arguments(self, parser: Any) -> None:
        super().add_arguments(parser)
        parser.set_defaults(reload=False)

    def handle(self, *args: Any, **options: Any) -> None:
        self.configure_logging(options["verbosity"])
        queue_names = options["queue_name"].split(",")
        excluded = options["exclude_queues"].split(",") if options["exclude_queues"] else []
        worker = ResilientWorker(
            queue_names=queue_names,
            interval=options["interval"],
            batch=options["batch"],
            backend_name=options["backend_name"],
            startup_delay=options["startup_delay"],
            max_tasks=options["max_tasks"],
            worker_id=options["worker_id"],
            excluded_queue_names=excluded,
        )
        worker.configure_signals()
        worker.run()

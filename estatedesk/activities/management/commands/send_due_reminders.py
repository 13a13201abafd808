"""Send the reminders that are due: once, or every --interval seconds with --loop."""

import time
from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError

from estatedesk.activities import reminders, tasks


class Command(BaseCommand):
    help = (
        "Send every reminder that is due, and take over those a dead worker left half-done. "
        "Safe to run any number of times, and beside other workers."
    )

    def add_arguments(self, parser):
        parser.add_argument("--loop", action="store_true", help="Keep running.")
        parser.add_argument("--interval", type=float, default=30.0,
                            help="Seconds between rounds with --loop (default 30).")  # fmt: skip
        parser.add_argument(
            "--lease-seconds",
            type=int,
            default=None,
            help="How long a claim protects a reminder being sent (default: "
            "REMINDER_LEASE_SECONDS).",
        )

    def handle(self, *args, loop: bool, interval: float, lease_seconds: int | None, **options):
        if lease_seconds is not None and lease_seconds < 0:
            raise CommandError("--lease-seconds must not be negative")
        lease = timedelta(seconds=lease_seconds) if lease_seconds is not None else None
        while True:
            outcomes = reminders.reminders_process_due(lease=lease, retry=tasks.retry_reminder)
            if outcomes or not loop:
                summary = ", ".join(f"{n} {what}" for what, n in sorted(outcomes.items()))
                self.stdout.write(f"Reminders: {summary or 'none due'}")
            if not loop:
                return
            time.sleep(interval)

"""Send every webhook delivery that is due: the safety net for lost tasks and dead workers."""

import time

from django.core.management.base import BaseCommand

from estatedesk.webhooks import deliveries, tasks


class Command(BaseCommand):
    help = "Send due webhook deliveries (retries, and ones a lost task or dead worker left)."

    def add_arguments(self, parser):
        parser.add_argument("--loop", action="store_true", help="Keep running.")
        parser.add_argument("--interval", type=int, default=30, help="Seconds between sweeps.")

    def handle(self, *args, loop: bool = False, interval: int = 30, **options):
        while True:
            outcomes = deliveries.deliveries_process_due(retry=tasks.retry_delivery)
            if outcomes or not loop:
                self.stdout.write(
                    ", ".join(f"{k}: {v}" for k, v in sorted(outcomes.items())) or "nothing due"
                )
            if not loop:
                return
            time.sleep(interval)

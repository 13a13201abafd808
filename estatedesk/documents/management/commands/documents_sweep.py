"""Remove stored document files that no document row points at (see documents.sweep)."""

from datetime import timedelta

from django.core.management.base import BaseCommand

from estatedesk.documents.sweep import sweep


class Command(BaseCommand):
    help = "Remove stored document files no document points at (left by rolled-back uploads)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--minutes", type=int, default=60, help="Only files older than this (default 60)."
        )
        parser.add_argument("--dry-run", action="store_true", help="List, do not remove.")

    def handle(self, *args, minutes: int, dry_run: bool, **options):
        names = sweep(older_than=timedelta(minutes=minutes), dry_run=dry_run)
        for name in names:
            self.stdout.write(name)
        verb = "Would remove" if dry_run else "Removed"
        self.stdout.write(f"{verb} {len(names)} orphaned file(s).")

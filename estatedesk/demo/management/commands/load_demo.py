"""Load the demo office once, and print its logins every time."""

from auditlog.context import disable_auditlog
from django.core.management.base import BaseCommand

from estatedesk.demo import office as demo
from estatedesk.demo import portal as portal_demo


class Command(BaseCommand):
    help = "Create the demo office (once) and print the demo logins."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args, seed: int, **options):
        # A bulk path: the demo's records start without change history (estatedesk.history).
        with disable_auditlog():
            created = demo.load(seed=seed)
        if created:
            self.stdout.write(self.style.SUCCESS(f"Demo office loaded: {created}"))
        else:
            self.stdout.write("Demo office already there; nothing loaded.")
        self.stdout.write("")
        self.stdout.write(f"Demo logins (password for all: {demo.PASSWORD})")
        for email, role in demo.LOGINS:
            self.stdout.write(f"  {email:<32} {role}")
        self.stdout.write("")
        self.stdout.write("Client portal at /portal/login/ (same password):")
        for email, role in portal_demo.PORTAL_LOGINS:
            self.stdout.write(f"  {email:<36} {role}")
        self.stdout.write("")

"""Read new messages from the offices' mailboxes into leads and activities (run it from cron)."""

from django.core.management.base import BaseCommand, CommandError

from estatedesk.intake.fetch import mailboxes_run
from estatedesk.intake.models import Mailbox


class Command(BaseCommand):
    help = "Read new e-mail from every active maildir and IMAP mailbox (or one of them)."

    def add_arguments(self, parser):
        parser.add_argument("--mailbox", type=int, help="Only this mailbox (by id).")

    def handle(self, *args, mailbox=None, **options):
        if mailbox is not None and not Mailbox.objects.filter(pk=mailbox).exists():
            raise CommandError(f"There is no mailbox {mailbox}.")
        results = mailboxes_run(mailbox)
        for pk, summary in results.items():
            self.stdout.write(f"Mailbox {pk}: {summary}")
        if not results:
            self.stdout.write("No mailbox to read.")

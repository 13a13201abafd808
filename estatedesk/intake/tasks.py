"""Background work on Django's tasks API: reading mailboxes (`manage.py db_worker` runs it)."""

from django_tasks import task

from .fetch import mailboxes_run


@task()
def intake_mail(mailbox_id: int | None = None) -> dict[str, str]:
    """Read new messages of every active mailbox (or one); returns a summary per mailbox."""
    return {str(pk): str(summary) for pk, summary in mailboxes_run(mailbox_id).items()}

"""Background work on Django's tasks API (django-tasks; the database backend runs it).

`manage.py db_worker` executes these. Enqueue them only from `transaction.on_commit`, so a worker
never looks for a row that is not committed yet. The queue only decides when a worker looks;
sending once is the Reminder row's business (reminders.py, docs/reminders.md).
"""

from datetime import datetime

from django_tasks import task

from estatedesk.core import leases

from . import reminders


@task()
def send_reminder(reminder_id: int) -> str:
    """Deliver one reminder if it is still due and nobody else holds it (idempotent)."""
    return reminders.reminder_deliver(reminder_id, retry=retry_reminder).value


@task()
def send_due_reminders() -> dict[str, int]:
    """Deliver every reminder that is due, including ones a dead worker left half-done."""
    return reminders.reminders_process_due(retry=retry_reminder)


def schedule_reminder(reminder_id: int, remind_at: datetime) -> None:
    """Queue the reminder for its time, and once more for after the lease (a dead worker).

    Called after commit. A backend that cannot defer gets only reminders already due; the rest
    are sent by `manage.py send_due_reminders` (see docs/reminders.md).
    """
    leases.enqueue_with_takeover(send_reminder, reminder_id, remind_at, reminders.lease_duration())


def retry_reminder(reminder_id: int, when: datetime) -> None:
    """Try a reminder whose sending failed again at `when`."""
    leases.enqueue_retry(send_reminder, reminder_id, when)

"""Background work on Django's tasks API (django-tasks; the database backend runs it).

`manage.py db_worker` executes these. Enqueue them only from `transaction.on_commit`, so a worker
never looks for a row that is not committed yet.
"""

from django_tasks import task

from . import services


@task()
def send_reminder(reminder_id: int) -> str:
    """Deliver one reminder if it is still due and nobody else holds it (idempotent)."""
    return services.reminder_deliver(reminder_id).value


@task()
def send_due_reminders() -> dict[str, int]:
    """Deliver every reminder that is due, including ones a dead worker left half-done."""
    return services.reminders_process_due()

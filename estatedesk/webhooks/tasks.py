"""Background work on Django's tasks API (django-tasks; the database backend runs it).

Enqueued only from `transaction.on_commit`. A task may run twice or never: correctness lives in
the Delivery row (see docs/webhooks.md); the queue only decides when a worker looks.
"""

from django_tasks import task

from . import services


@task()
def deliver_webhook(delivery_id: int) -> str:
    """Send one delivery if it is due and nobody else holds it (idempotent)."""
    return services.delivery_send(delivery_id).value


@task()
def deliver_due_webhooks() -> dict[str, int]:
    """Send every delivery that is due, including ones whose queued task was lost."""
    return services.deliveries_process_due()

"""Background work on Django's tasks API (django-tasks; the database backend runs it).

Enqueued only from `transaction.on_commit`. A task may run twice or never: correctness lives in
the Delivery row (deliveries.py, docs/webhooks.md); the queue only decides when a worker looks.
"""

from datetime import datetime

from django_tasks import task

from estatedesk.core import leases

from . import deliveries


@task()
def deliver_webhook(delivery_id: int) -> str:
    """Send one delivery if it is due and nobody else holds it (idempotent)."""
    return deliveries.delivery_send(delivery_id, retry=retry_delivery).value


@task()
def deliver_due_webhooks() -> dict[str, int]:
    """Send every delivery that is due, including ones whose queued task was lost."""
    return deliveries.deliveries_process_due(retry=retry_delivery)


def enqueue_deliveries(delivery_ids: list[int], when: datetime) -> None:
    """Queue committed deliveries for `when`, each once more for after the lease (a dead worker)."""
    for delivery_id in delivery_ids:
        leases.enqueue_with_takeover(deliver_webhook, delivery_id, when, deliveries.LEASE)


def retry_delivery(delivery_id: int, when: datetime) -> None:
    """Try a delivery that failed again at `when`, the end of its back-off."""
    leases.enqueue_retry(deliver_webhook, delivery_id, when)

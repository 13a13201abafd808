"""From an event to deliveries: one per active webhook of the event's office that wants it."""

from __future__ import annotations

import uuid
from typing import Any

from django.utils import timezone

from .models import Delivery, Webhook
from .services import schedule_on_commit


def deliveries_for_event(
    event: str, *, office_id: int, payload: dict[str, Any], event_id: uuid.UUID
) -> None:
    """Runs inside the publishing service's transaction: writes rows, queues them on commit.

    Only the event's own office is asked, so no other office's webhook ever hears of it. An
    event published twice with the same id (task.due) makes one delivery per webhook.
    """
    webhooks = [
        pk
        for pk, events in Webhook.objects.filter(office_id=office_id, is_active=True).values_list(
            "pk", "events"
        )
        if event in (events or [])
    ]
    if not webhooks:
        return
    now = timezone.now()
    Delivery.objects.bulk_create(
        [
            Delivery(
                office_id=office_id,
                webhook_id=pk,
                event=event,
                event_id=event_id,
                payload=payload,
                next_attempt_at=now,
            )
            for pk in webhooks
        ],
        ignore_conflicts=True,
    )
    new = Delivery.objects.filter(
        office_id=office_id, webhook_id__in=webhooks, event_id=event_id, attempts=0
    ).values_list("pk", flat=True)
    schedule_on_commit(list(new))

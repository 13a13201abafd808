"""Sending webhook deliveries: claim, POST, mark; a delivery that succeeded is never sent again.

What is guaranteed, and how, is in docs/webhooks.md; the claim and its lease are core.leases'.
Runs in the worker (tasks.py) and in `manage.py send_due_webhooks`; nothing here queues work
unless given a `retry`, so that the worker side alone knows the tasks.
"""

from __future__ import annotations

import json
import logging
from datetime import datetime, timedelta
from enum import StrEnum

from django.db.models import Q
from django.utils import timezone

from estatedesk.core.leases import LeasedRows, Retry

from . import transport
from .choices import DeliveryStatus
from .models import Delivery

logger = logging.getLogger(__name__)

# After this many attempts that failed, a delivery is given up (status gave_up).
MAX_ATTEMPTS = 8
# Wait before attempt n+1: 1 min, 2, 4, 8, 16, 32, then at most an hour.
BACKOFF_BASE = timedelta(minutes=1)
BACKOFF_CAP = timedelta(hours=1)
# A worker's claim on a delivery; far longer than a send can take (transport timeouts).
LEASE = timedelta(minutes=2)
ERROR_CHARS = 1000


def backoff(attempts: int) -> timedelta:
    """The wait after the `attempts`-th failed attempt: 1 min, 2, 4 … at most BACKOFF_CAP."""
    factor: int = 2 ** max(attempts - 1, 0)  # int ** int is typed Any (negative powers)
    return min(BACKOFF_BASE * factor, BACKOFF_CAP)


class Outcome(StrEnum):
    SUCCEEDED = "succeeded"
    FAILED = "failed"  # released to be tried again after the back-off
    GAVE_UP = "gave up"  # the last attempt failed, or the webhook is inactive
    NOT_CLAIMED = "not claimed"  # not due, already succeeded, or another worker holds it
    LOST_CLAIM = "lost claim"  # this worker overran its lease and another took over


def due_q(now: datetime) -> Q:
    """Deliveries a worker may take: waiting and due, or held by a claim that ran out."""
    return Q(
        status__in=(DeliveryStatus.PENDING, DeliveryStatus.FAILED), next_attempt_at__lte=now
    ) | Q(status=DeliveryStatus.DELIVERING, lease_until__lt=now)


CLAIMS = LeasedRows(
    model=Delivery,
    state_field="status",
    claimed_state=DeliveryStatus.DELIVERING,
    due=lambda deliveries, now: deliveries.filter(due_q(now)),
    order_by=("next_attempt_at", "pk"),
    lease=lambda: LEASE,
    claim_fields=lambda now: {"last_attempt_at": now},
)


def delivery_claim(
    delivery_id: int, *, now: datetime | None = None, lease: timedelta | None = None
) -> str | None:
    """Atomically take a due delivery for this worker; returns the claim token, or None.

    One UPDATE decides, on the row's own columns: of any number of workers exactly one gets it.
    """
    return CLAIMS.claim(delivery_id, now=now, lease=lease)


def request_body(delivery: Delivery, timestamp: int) -> bytes:
    """The JSON that is POSTed (and signed); the timestamp is inside it, so it is signed too."""
    document = {
        "id": str(delivery.event_id),
        "event": delivery.event,
        "created_at": delivery.created_at.isoformat(),
        "timestamp": timestamp,
        "office_id": delivery.office_id,
        "attempt": delivery.attempts,
        "data": delivery.payload,
    }
    return json.dumps(document, separators=(",", ":"), sort_keys=True).encode()


def request_headers(delivery: Delivery, body: bytes, timestamp: int) -> dict[str, str]:
    return {
        "Content-Type": "application/json",
        "X-EstateDesk-Event": delivery.event,
        "X-EstateDesk-Delivery": str(delivery.event_id),
        "X-EstateDesk-Timestamp": str(timestamp),
        "X-EstateDesk-Signature": transport.sign(delivery.webhook.secret, body),
    }


def delivery_send(
    delivery_id: int,
    *,
    now: datetime | None = None,
    lease: timedelta | None = None,
    retry: Retry | None = None,
) -> Outcome:
    """Claim, POST and mark one delivery.

    Runs outside any transaction on purpose: the claim is committed before the request goes out,
    and the mark after the answer. A failure is released to be tried again after its back-off,
    and queued for then through `retry` when given.
    """
    now = now or timezone.now()
    token = delivery_claim(delivery_id, now=now, lease=lease)
    if token is None:
        return Outcome.NOT_CLAIMED
    delivery = Delivery.objects.select_related("webhook").get(pk=delivery_id)
    if not delivery.webhook.is_active:
        CLAIMS.release(delivery_id, token, status=DeliveryStatus.GAVE_UP,
                       last_error="The webhook is inactive.")  # fmt: skip
        return Outcome.GAVE_UP

    timestamp = int(now.timestamp())
    body = request_body(delivery, timestamp)
    response = transport.post(
        delivery.webhook.url, body, request_headers(delivery, body, timestamp)
    )
    if response.ok:
        marked = CLAIMS.release(
            delivery_id, token, status=DeliveryStatus.SUCCEEDED, response_code=response.status,
            response_excerpt=response.excerpt, last_error="", delivered_at=timezone.now(),
            next_attempt_at=None,
        )  # fmt: skip
        return Outcome.SUCCEEDED if marked else Outcome.LOST_CLAIM
    return _release_failed(delivery, token, response, now, retry)


def _release_failed(
    delivery: Delivery, token: str, response: transport.Response, now: datetime,
    retry: Retry | None,
) -> Outcome:  # fmt: skip
    """Failed, to be tried after the back-off; given up after MAX_ATTEMPTS."""
    logger.warning("Webhook delivery %s failed: %s", delivery.pk, response.error)
    gave_up = delivery.attempts >= MAX_ATTEMPTS
    next_attempt_at = None if gave_up else now + backoff(delivery.attempts)
    marked = CLAIMS.release(
        delivery.pk, token,
        status=DeliveryStatus.GAVE_UP if gave_up else DeliveryStatus.FAILED,
        response_code=response.status, response_excerpt=response.excerpt,
        last_error=response.error[:ERROR_CHARS], next_attempt_at=next_attempt_at,
    )  # fmt: skip
    if not marked:
        return Outcome.LOST_CLAIM
    if next_attempt_at is None:
        return Outcome.GAVE_UP
    if retry is not None:
        retry(delivery.pk, next_attempt_at)
    return Outcome.FAILED


def deliveries_process_due(
    *,
    now: datetime | None = None,
    lease: timedelta | None = None,
    limit: int = 500,
    retry: Retry | None = None,
) -> dict[str, int]:
    """Send every delivery that is due, including ones a lost task or dead worker left behind."""
    now = now or timezone.now()
    return CLAIMS.process_due(
        lambda pk: delivery_send(pk, now=now, lease=lease, retry=retry), now=now, limit=limit
    )

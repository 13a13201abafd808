"""Every write to webhooks and their deliveries, and the worker's claim–send–mark.

How a delivery is sent once, and what is guaranteed, is in docs/webhooks.md.
"""

from __future__ import annotations

import json
import logging
import secrets
from datetime import datetime, timedelta
from enum import StrEnum

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from estatedesk.accounts.models import User
from estatedesk.core.permissions import require_admin

from . import transport
from .choices import TEST_EVENT, DeliveryStatus, WebhookEvent
from .guard import UnsafeURL, check_url
from .models import Delivery, Webhook, new_secret

logger = logging.getLogger(__name__)

# After this many attempts that failed, a delivery is given up (status gave_up).
MAX_ATTEMPTS = 8
# Wait before attempt n+1: 1 min, 2, 4, 8, 16, 32, then at most an hour.
BACKOFF_BASE = timedelta(minutes=1)
BACKOFF_CAP = timedelta(hours=1)
# A worker's claim on a delivery; far longer than a send can take (transport timeouts).
LEASE = timedelta(minutes=2)
ERROR_CHARS = 1000


def _require_own(webhook: Webhook, actor: User) -> None:
    require_admin(actor, with_message=False)
    if webhook.office_id != actor.office_id:
        raise PermissionDenied


def _clean(url: str, events: list[str]) -> tuple[str, list[str]]:
    errors: dict[str, list[str]] = {}
    url = (url or "").strip()
    try:
        check_url(url)
    except UnsafeURL as exc:
        errors["url"] = [str(exc)]
    unknown = [e for e in events if e not in WebhookEvent.values]
    if unknown:
        errors["events"] = [_("Choose among the events offered.")]
    elif not events:
        errors["events"] = [_("Choose at least one event.")]
    if errors:
        raise ValidationError(errors)
    # Keep the offered order, once each.
    return url, [e for e in WebhookEvent.values if e in events]


@transaction.atomic
def webhook_create(*, actor: User, url: str, events: list[str], is_active: bool = True) -> Webhook:
    """An office administrator adds a webhook; it gets a new random signing secret."""
    require_admin(actor, with_message=False)
    url, events = _clean(url, events)
    webhook = Webhook(
        office_id=actor.office_id, url=url, events=events, is_active=is_active, created_by=actor
    )
    webhook.full_clean(exclude=["office", "created_by", "url"])
    webhook.save()
    return webhook


@transaction.atomic
def webhook_update(
    *, webhook: Webhook, actor: User, url: str, events: list[str], is_active: bool
) -> Webhook:
    _require_own(webhook, actor)
    webhook.url, webhook.events = _clean(url, events)
    webhook.is_active = is_active
    webhook.full_clean(exclude=["office", "created_by", "url"])
    webhook.save()
    return webhook


@transaction.atomic
def webhook_regenerate_secret(*, webhook: Webhook, actor: User) -> Webhook:
    """A new signing secret; deliveries sent from now on are signed with it."""
    _require_own(webhook, actor)
    webhook.secret = new_secret()
    webhook.save(update_fields=["secret", "updated_at"])
    return webhook


@transaction.atomic
def webhook_delete(*, webhook: Webhook, actor: User) -> None:
    _require_own(webhook, actor)
    webhook.delete()


@transaction.atomic
def webhook_send_test(*, webhook: Webhook, actor: User) -> Delivery:
    """Queue a `webhook.test` delivery, to see the receiver and the signature work."""
    _require_own(webhook, actor)
    if not webhook.is_active:
        raise ValidationError(_("Activate the webhook first: an inactive webhook sends nothing."))
    delivery = Delivery.objects.create(
        office_id=webhook.office_id,
        webhook=webhook,
        event=TEST_EVENT,
        payload={"webhook_id": webhook.pk, "message": "Test event from EstateDesk"},
        next_attempt_at=timezone.now(),
    )
    schedule_on_commit([delivery.pk])
    return delivery


@transaction.atomic
def delivery_retry_now(*, delivery: Delivery, actor: User) -> Delivery:
    """Try a failed or given-up delivery again at once (one more attempt, then back-off)."""
    _require_own(delivery.webhook, actor)
    now = timezone.now()
    updated = Delivery.objects.filter(
        pk=delivery.pk, status__in=(DeliveryStatus.FAILED, DeliveryStatus.GAVE_UP)
    ).update(status=DeliveryStatus.FAILED, next_attempt_at=now, updated_at=now)
    if not updated:
        raise ValidationError(_("Only a failed delivery can be retried."))
    schedule_on_commit([delivery.pk])
    delivery.refresh_from_db()
    return delivery


# --- queueing ---------------------------------------------------------------------------------


def schedule_on_commit(delivery_ids: list[int]) -> None:
    """Once the deliveries are committed, queue them now (and once more after the lease)."""
    if delivery_ids:
        ids = list(delivery_ids)
        transaction.on_commit(lambda: _enqueue(ids, timezone.now()))


def _enqueue(delivery_ids: list[int], when: datetime) -> None:
    from .tasks import deliver_webhook

    backend = deliver_webhook.get_backend()
    for delivery_id in delivery_ids:
        if backend.supports_defer:
            deliver_webhook.using(run_after=when).enqueue(delivery_id)
            # Takes the delivery over if the worker that had it died mid-send.
            takeover = when + LEASE + timedelta(seconds=30)
            deliver_webhook.using(run_after=takeover).enqueue(delivery_id)
        elif when <= timezone.now():
            deliver_webhook.enqueue(delivery_id)


def backoff(attempts: int) -> timedelta:
    """The wait after the `attempts`-th failed attempt: 1 min, 2, 4 … at most BACKOFF_CAP."""
    return min(BACKOFF_BASE * 2 ** max(attempts - 1, 0), BACKOFF_CAP)


# --- sending: a delivery that succeeded is never sent again --------------------------------------


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


def delivery_claim(
    delivery_id: int, *, now: datetime | None = None, lease: timedelta | None = None
) -> str | None:
    """Atomically take a due delivery for this worker; returns the claim token, or None.

    One UPDATE decides, on the row's own columns: of any number of workers exactly one gets it.
    """
    now = now or timezone.now()
    token = secrets.token_hex(16)
    claimed = (
        Delivery.objects.filter(pk=delivery_id)
        .filter(due_q(now))
        .update(
            status=DeliveryStatus.DELIVERING,
            claim_token=token,
            lease_until=now + (lease if lease is not None else LEASE),
            attempts=F("attempts") + 1,
            last_attempt_at=now,
            updated_at=now,
        )
    )
    return token if claimed else None


def _release(delivery_id: int, token: str, **fields) -> int:
    """Change a delivery only while this worker still holds its claim."""
    return Delivery.objects.filter(
        pk=delivery_id, status=DeliveryStatus.DELIVERING, claim_token=token
    ).update(claim_token="", lease_until=None, updated_at=timezone.now(), **fields)


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
    delivery_id: int, *, now: datetime | None = None, lease: timedelta | None = None
) -> Outcome:
    """Claim, POST and mark one delivery.

    Runs outside any transaction on purpose: the claim is committed before the request goes out,
    and the mark after the answer. See docs/webhooks.md for what is guaranteed.
    """
    now = now or timezone.now()
    token = delivery_claim(delivery_id, now=now, lease=lease)
    if token is None:
        return Outcome.NOT_CLAIMED
    delivery = Delivery.objects.select_related("webhook").get(pk=delivery_id)
    if not delivery.webhook.is_active:
        _release(delivery_id, token, status=DeliveryStatus.GAVE_UP,
                 last_error="The webhook is inactive.")  # fmt: skip
        return Outcome.GAVE_UP

    timestamp = int(now.timestamp())
    body = request_body(delivery, timestamp)
    response = transport.post(
        delivery.webhook.url, body, request_headers(delivery, body, timestamp)
    )
    if response.ok:
        marked = _release(
            delivery_id, token, status=DeliveryStatus.SUCCEEDED, response_code=response.status,
            response_excerpt=response.excerpt, last_error="", delivered_at=timezone.now(),
            next_attempt_at=None,
        )  # fmt: skip
        return Outcome.SUCCEEDED if marked else Outcome.LOST_CLAIM

    logger.warning("Webhook delivery %s failed: %s", delivery_id, response.error)
    gave_up = delivery.attempts >= MAX_ATTEMPTS
    next_attempt_at = None if gave_up else now + backoff(delivery.attempts)
    marked = _release(
        delivery_id, token,
        status=DeliveryStatus.GAVE_UP if gave_up else DeliveryStatus.FAILED,
        response_code=response.status, response_excerpt=response.excerpt,
        last_error=response.error[:ERROR_CHARS], next_attempt_at=next_attempt_at,
    )  # fmt: skip
    if not marked:
        return Outcome.LOST_CLAIM
    if next_attempt_at is not None:
        _enqueue_retry(delivery_id, next_attempt_at)
        return Outcome.FAILED
    return Outcome.GAVE_UP


def _enqueue_retry(delivery_id: int, when: datetime) -> None:
    from .tasks import deliver_webhook

    if deliver_webhook.get_backend().supports_defer:
        deliver_webhook.using(run_after=when).enqueue(delivery_id)


def deliveries_process_due(
    *, now: datetime | None = None, lease: timedelta | None = None, limit: int = 500
) -> dict[str, int]:
    """Send every delivery that is due, including ones a lost task or dead worker left behind."""
    now = now or timezone.now()
    due = list(
        Delivery.objects.filter(due_q(now))
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    outcomes: dict[str, int] = {}
    for delivery_id in due:
        outcome = delivery_send(delivery_id, now=now, lease=lease)
        outcomes[outcome.value] = outcomes.get(outcome.value, 0) + 1
    return outcomes

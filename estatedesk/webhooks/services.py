"""Every write to webhooks and their deliveries; sending them is deliveries.py's (the worker's).

How a delivery is sent once, and what is guaranteed, is in docs/webhooks.md.
"""

from __future__ import annotations

import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from estatedesk.accounts.models import Office, User
from estatedesk.core.limits import check_room
from estatedesk.core.permissions import require_admin

from .choices import TEST_EVENT, DeliveryStatus, WebhookEvent
from .guard import UnsafeURL, check_url
from .models import Delivery, Webhook, new_secret
from .tasks import enqueue_deliveries

logger = logging.getLogger(__name__)


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
    office_id = require_admin(actor, with_message=False)
    url, events = _clean(url, events)
    check_room(
        "webhooks_per_office",
        Webhook.objects.filter(office_id=office_id),
        field="url",
        lock=Office.objects.filter(pk=office_id),
    )
    webhook = Webhook(
        office_id=office_id, url=url, events=events, is_active=is_active, created_by=actor
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
        transaction.on_commit(lambda: enqueue_deliveries(ids, timezone.now()))

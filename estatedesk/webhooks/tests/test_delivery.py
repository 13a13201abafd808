"""Sending deliveries to a real receiver on 127.0.0.1: signed, retried with back-off, given up,
never sent again once it succeeded, redirects not followed, responses capped."""

import hashlib
import hmac
import json
from datetime import timedelta

import pytest
from django.utils import timezone

from estatedesk.webhooks import deliveries, services, transport
from estatedesk.webhooks.choices import DeliveryStatus
from estatedesk.webhooks.models import Delivery

from .factories import WebhookFactory
from .receiver import Answer

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("allow_private")]


@pytest.fixture
def webhook(admin, receiver):
    return WebhookFactory(office=admin.office, url=receiver.url, created_by=admin)


def make_delivery(webhook, **kwargs) -> Delivery:
    kwargs.setdefault("next_attempt_at", timezone.now())
    return Delivery.objects.create(
        office_id=webhook.office_id,
        webhook=webhook,
        event=kwargs.pop("event", "lead.created"),
        payload=kwargs.pop("payload", {"type": "lead", "id": 7, "status": "prospect"}),
        **kwargs,
    )


def verify(secret: str, body: bytes, signature: str) -> bool:
    """What a receiver does (docs/webhooks.md): HMAC-SHA256 of the raw body, compared safely."""
    expected = "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, signature)


def test_the_receiver_can_verify_the_signature_of_what_arrives(webhook, receiver):
    delivery = make_delivery(webhook)

    assert deliveries.delivery_send(delivery.pk) == deliveries.Outcome.SUCCEEDED

    [request] = receiver.requests
    headers = request.headers
    assert headers["Content-Type"] == "application/json"
    assert headers["X-EstateDesk-Event"] == "lead.created"
    assert headers["X-EstateDesk-Delivery"] == str(delivery.event_id)
    assert verify(webhook.secret, request.body, headers["X-EstateDesk-Signature"])
    assert not verify("whsec_wrong", request.body, headers["X-EstateDesk-Signature"])
    assert not verify(webhook.secret, request.body + b" ", headers["X-EstateDesk-Signature"])
    document = json.loads(request.body)
    # The timestamp is inside the signed body, and the same as the header.
    assert document["timestamp"] == int(headers["X-EstateDesk-Timestamp"])
    assert document["id"] == str(delivery.event_id)
    assert document["event"] == "lead.created"
    assert document["data"] == {"type": "lead", "id": 7, "status": "prospect"}
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SUCCEEDED
    assert (delivery.attempts, delivery.response_code) == (1, 200)
    assert delivery.response_excerpt == '{"ok": true}'
    assert delivery.delivered_at is not None


def test_a_regenerated_secret_signs_the_next_delivery(webhook, admin, receiver):
    old = webhook.secret
    services.webhook_regenerate_secret(webhook=webhook, actor=admin)
    webhook.refresh_from_db()
    assert webhook.secret != old

    deliveries.delivery_send(make_delivery(webhook).pk)

    signature = receiver.requests[0].headers["X-EstateDesk-Signature"]
    assert verify(webhook.secret, receiver.requests[0].body, signature)
    assert not verify(old, receiver.requests[0].body, signature)


def test_a_failing_receiver_is_retried_with_growing_back_off_then_succeeds(webhook, receiver):
    # Given a receiver that fails three times, then answers 200
    receiver.answers = [Answer(500, b"boom")] * 3
    delivery = make_delivery(webhook)
    now = delivery.next_attempt_at
    expected_waits = [timedelta(minutes=1), timedelta(minutes=2), timedelta(minutes=4)]

    for attempt, wait in enumerate(expected_waits, start=1):
        # When the worker sends it at the time it is due
        assert deliveries.delivery_send(delivery.pk, now=now) == deliveries.Outcome.FAILED
        # Then it waits 1, 2, 4 minutes before the next attempt
        delivery.refresh_from_db()
        assert delivery.status == DeliveryStatus.FAILED
        assert delivery.attempts == attempt
        assert delivery.next_attempt_at == now + wait
        assert (delivery.response_code, delivery.response_excerpt) == (500, "boom")
        assert delivery.last_error == "HTTP 500"
        # and is not sent a moment before that
        soon = now + wait - timedelta(seconds=1)
        assert deliveries.delivery_send(delivery.pk, now=soon) == deliveries.Outcome.NOT_CLAIMED
        now = delivery.next_attempt_at

    assert deliveries.delivery_send(delivery.pk, now=now) == deliveries.Outcome.SUCCEEDED
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.response_code) == ("succeeded", 4, 200)
    assert delivery.last_error == ""
    assert len(receiver.requests) == 4
    # Every attempt carries the same delivery id, for the receiver to deduplicate.
    assert {r.headers["X-EstateDesk-Delivery"] for r in receiver.requests} == {
        str(delivery.event_id)
    }


def test_the_back_off_doubles_up_to_an_hour():
    assert [deliveries.backoff(n).total_seconds() / 60 for n in range(1, 9)] == [
        1, 2, 4, 8, 16, 32, 60, 60,
    ]  # fmt: skip


def test_a_delivery_is_given_up_after_the_last_attempt(webhook, receiver):
    receiver.default = Answer(503, b"down")
    delivery = make_delivery(webhook)
    now = delivery.next_attempt_at
    for _ in range(deliveries.MAX_ATTEMPTS - 1):
        assert deliveries.delivery_send(delivery.pk, now=now) == deliveries.Outcome.FAILED
        delivery.refresh_from_db()
        now = delivery.next_attempt_at

    assert deliveries.delivery_send(delivery.pk, now=now) == deliveries.Outcome.GAVE_UP

    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.GAVE_UP, deliveries.MAX_ATTEMPTS)
    assert delivery.next_attempt_at is None
    far = now + timedelta(days=30)
    assert deliveries.delivery_send(delivery.pk, now=far) == deliveries.Outcome.NOT_CLAIMED
    assert len(receiver.requests) == deliveries.MAX_ATTEMPTS


def test_a_failure_queues_the_retry_for_its_time(webhook, receiver, monkeypatch):
    from django_tasks_db.models import DBTaskResult

    from estatedesk.webhooks.tasks import deliver_webhook

    receiver.default = Answer(500)
    delivery = make_delivery(webhook)
    deliver_webhook.call(delivery.pk)
    delivery.refresh_from_db()
    [queued] = DBTaskResult.objects.filter(task_path__endswith="deliver_webhook")
    assert queued.args_kwargs["args"] == [delivery.pk]
    assert queued.run_after == delivery.next_attempt_at


# --- exactly once once it succeeded ---------------------------------------------------------


def test_a_delivery_that_succeeded_is_not_sent_again_when_its_task_runs_twice(webhook, receiver):
    from estatedesk.webhooks.tasks import deliver_webhook

    delivery = make_delivery(webhook)

    first = deliver_webhook.call(delivery.pk)
    second = deliver_webhook.call(delivery.pk)
    swept = deliveries.deliveries_process_due(now=timezone.now() + timedelta(days=1))

    assert (first, second, swept) == ("succeeded", "not claimed", {})
    assert len(receiver.requests) == 1


def test_a_second_worker_cannot_claim_while_the_first_holds_the_lease(webhook):
    delivery = make_delivery(webhook)
    now = delivery.next_attempt_at

    token = deliveries.delivery_claim(delivery.pk, now=now, lease=timedelta(minutes=2))

    assert token
    assert deliveries.delivery_claim(delivery.pk, now=now) is None
    assert deliveries.delivery_claim(delivery.pk, now=now + timedelta(seconds=119)) is None
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.DELIVERING, 1)


def test_a_worker_racing_one_that_is_mid_send_sends_nothing(webhook, receiver):
    # Given a receiver that, while the first worker waits for its answer, sees a second worker
    # start on the same delivery (the task queued twice, or the sweeper)
    delivery = make_delivery(webhook)
    outcomes = []
    real_post = transport.post

    def post_while_another_worker_runs(url, body, headers):
        outcomes.append(deliveries.delivery_send(delivery.pk))
        return real_post(url, body, headers)

    # When the first worker sends
    transport_post = pytest.MonkeyPatch()
    transport_post.setattr(transport, "post", post_while_another_worker_runs)
    try:
        first = deliveries.delivery_send(delivery.pk)
    finally:
        transport_post.undo()

    # Then the second one was refused its claim, and the receiver got one request
    assert outcomes == [deliveries.Outcome.NOT_CLAIMED]
    assert first == deliveries.Outcome.SUCCEEDED
    assert len(receiver.requests) == 1


def test_a_claim_whose_lease_ran_out_is_taken_over_and_the_late_worker_cannot_mark_it(
    webhook, receiver
):
    # Given a worker that claimed the delivery and then went silent past its lease
    delivery = make_delivery(webhook)
    now = delivery.next_attempt_at
    stale = deliveries.delivery_claim(delivery.pk, now=now, lease=timedelta(minutes=2))
    assert stale

    # When another worker comes after the lease
    later = now + timedelta(minutes=3)
    assert deliveries.delivery_send(delivery.pk, now=later) == deliveries.Outcome.SUCCEEDED

    # Then it sent it, and the silent worker's token no longer changes anything
    assert deliveries.CLAIMS.release(delivery.pk, stale, status=DeliveryStatus.FAILED) == 0
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.SUCCEEDED, 2)
    assert len(receiver.requests) == 1


@pytest.mark.django_db(transaction=True)
def test_two_threads_sending_the_same_deliveries_send_each_once(admin, receiver, settings):
    import threading

    from django.db import connection

    if connection.vendor == "sqlite":
        pytest.skip("in-memory SQLite: see test_delivery_workers (two processes) instead")
    # Given 10 due deliveries and two workers started at the same instant (PostgreSQL)
    webhook = WebhookFactory(office=admin.office, url=receiver.url)
    ids = [make_delivery(webhook).pk for _ in range(10)]
    start = threading.Barrier(2)
    results: list[deliveries.Outcome] = []

    def work():
        from django.db import connections

        start.wait()
        try:
            results.extend(deliveries.delivery_send(pk) for pk in ids)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert results.count(deliveries.Outcome.SUCCEEDED) == 10
    assert results.count(deliveries.Outcome.NOT_CLAIMED) == 10
    assert len(receiver.requests) == 10


# --- what is refused or cut short -----------------------------------------------------------


def test_a_redirect_is_not_followed(webhook, receiver):
    receiver.answers = [Answer(302, b"", {"Location": "http://169.254.169.254/latest/"})]
    delivery = make_delivery(webhook)

    assert deliveries.delivery_send(delivery.pk) == deliveries.Outcome.FAILED

    assert len(receiver.requests) == 1
    delivery.refresh_from_db()
    assert delivery.response_code == 302
    assert "Redirect not followed" in delivery.last_error
    assert "169.254.169.254" in delivery.last_error


def test_an_oversize_response_is_read_only_up_to_the_cap(webhook, receiver):
    receiver.answers = [Answer(200, b"x" * (5 * transport.MAX_RESPONSE_BYTES))]
    delivery = make_delivery(webhook)

    response = transport.post(receiver.url, b"{}", {"Content-Type": "application/json"})
    assert response.ok
    assert response.truncated
    assert len(response.body) == transport.MAX_RESPONSE_BYTES

    receiver.answers = [Answer(200, b"y" * (5 * transport.MAX_RESPONSE_BYTES))]
    assert deliveries.delivery_send(delivery.pk) == deliveries.Outcome.SUCCEEDED
    delivery.refresh_from_db()
    assert delivery.response_excerpt == "y" * transport.EXCERPT_CHARS


def test_a_receiver_that_is_not_listening_is_a_failure_to_retry(admin):
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # closed again when the block ends: nobody listens
    webhook = WebhookFactory(office=admin.office, url=f"http://127.0.0.1:{port}/")
    delivery = make_delivery(webhook)

    assert deliveries.delivery_send(delivery.pk) == deliveries.Outcome.FAILED
    delivery.refresh_from_db()
    assert delivery.response_code is None
    assert "Could not connect" in delivery.last_error


def test_an_inactive_webhook_sends_nothing(webhook, receiver):
    delivery = make_delivery(webhook)
    type(webhook).objects.filter(pk=webhook.pk).update(is_active=False)

    assert deliveries.delivery_send(delivery.pk) == deliveries.Outcome.GAVE_UP
    assert receiver.requests == []


# --- the sweeper and retry-now ------------------------------------------------------------------


def test_the_sweeper_sends_deliveries_whose_task_was_lost(webhook, receiver):
    # Given two due deliveries nobody queued, one not due yet, and one a dead worker holds
    now = timezone.now()
    due = [make_delivery(webhook, next_attempt_at=now - timedelta(minutes=m)) for m in (1, 2)]
    make_delivery(webhook, next_attempt_at=now + timedelta(minutes=5))
    stuck = make_delivery(webhook, next_attempt_at=now - timedelta(minutes=10))
    assert deliveries.delivery_claim(stuck.pk, now=now - timedelta(minutes=10))

    assert deliveries.deliveries_process_due(now=now) == {"succeeded": 3}
    assert {r.headers["X-EstateDesk-Delivery"] for r in receiver.requests} == {
        str(d.event_id) for d in [*due, stuck]
    }


def test_retry_now_gives_a_given_up_delivery_one_more_attempt(webhook, admin, receiver):
    delivery = make_delivery(webhook, status=DeliveryStatus.GAVE_UP, attempts=8,
                             next_attempt_at=None)  # fmt: skip

    services.delivery_retry_now(delivery=delivery, actor=admin)

    assert deliveries.delivery_send(delivery.pk) == deliveries.Outcome.SUCCEEDED
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.SUCCEEDED, 9)


def test_retry_now_refuses_a_delivery_that_succeeded(webhook, admin):
    from django.core.exceptions import ValidationError

    delivery = make_delivery(webhook, status=DeliveryStatus.SUCCEEDED)
    with pytest.raises(ValidationError):
        services.delivery_retry_now(delivery=delivery, actor=admin)


def test_the_sweep_command_sends_what_is_due(webhook, receiver):
    from io import StringIO

    from django.core.management import call_command

    make_delivery(webhook, next_attempt_at=timezone.now() - timedelta(minutes=1))
    out = StringIO()

    call_command("send_due_webhooks", stdout=out)
    call_command("send_due_webhooks", stdout=out)

    assert out.getvalue().splitlines() == ["succeeded: 1", "nothing due"]
    assert len(receiver.requests) == 1

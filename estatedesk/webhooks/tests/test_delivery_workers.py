"""Two real worker processes race through the same due deliveries: each is sent once.

Each worker is `manage.py send_due_webhooks` in a subprocess against the test database (the
reminder tests' `WorkerDatabase`), POSTing to a receiver on 127.0.0.1 in this process.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from estatedesk.activities.tests.workers import WorkerDatabase
from estatedesk.webhooks.models import Delivery

from .factories import WebhookFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_worker_processes_at_once_send_each_delivery_once(admin, receiver, tmp_path):
    # Given 25 due deliveries, and two workers connected and waiting for the same start signal
    webhook = WebhookFactory(office=admin.office, url=receiver.url)
    past = timezone.now() - timedelta(minutes=1)
    deliveries = [
        Delivery.objects.create(office_id=webhook.office_id, webhook=webhook,
                                event="lead.created", payload={"n": n}, next_attempt_at=past)
        for n in range(25)
    ]  # fmt: skip
    workers = WorkerDatabase(tmp_path)
    workers.publish()
    go = tmp_path / "go"
    env = workers.env(
        tmp_path / "mail", DJANGO_SETTINGS_MODULE="estatedesk.webhooks.tests.worker_settings"
    )
    procs = [
        workers.start(["-m", "estatedesk.webhooks.tests.worker_main", str(go)], env) for _ in (1, 2)
    ]
    for proc in procs:
        assert workers.first_line(proc) == "ready"

    # When both start at once and race through the same due list
    go.touch()
    outputs = [proc.communicate(timeout=120)[0] for proc in procs]
    assert [proc.returncode for proc in procs] == [0, 0], outputs

    # Then the receiver got every delivery exactly once, and each is marked succeeded once
    received = [r.headers["X-EstateDesk-Delivery"] for r in receiver.requests]
    assert sorted(received) == sorted(str(d.event_id) for d in deliveries)
    assert workers.rows(
        "SELECT status, COUNT(*), SUM(attempts) FROM webhooks_delivery GROUP BY status"
    ) == [("succeeded", 25, 25)]

"""/health/ says whether the database answers and the worker beats, and nothing private."""

from datetime import timedelta
from unittest import mock

import pytest
from django.db.utils import OperationalError
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from estatedesk.core import heartbeat
from estatedesk.core.models import WorkerHeartbeat

pytestmark = pytest.mark.django_db


@task()
def send_secret(secret: str) -> None:
    """Never run: only queued, to see that /health/ does not show its argument."""


def beat_ago(seconds: float, worker_id: str = "w1") -> None:
    now = timezone.now()
    WorkerHeartbeat.objects.create(
        worker_id=worker_id,
        started_at=now - timedelta(hours=1),
        beat_at=now - timedelta(seconds=seconds),
    )


def test_healthy_when_the_worker_beat_lately(client):
    beat_ago(2)

    response = client.get(reverse("health"))

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"] == "ok"
    assert body["worker"]["state"] == "ok"
    assert 1 <= body["worker"]["heartbeat_age_seconds"] < 30
    assert body["queue"] == {"waiting": 0, "oldest_waiting_seconds": None}
    assert response["Cache-Control"].startswith("max-age=0")


def test_a_stale_heartbeat_is_a_503(client):
    beat_ago(300, "dead")

    response = client.get(reverse("health"))

    assert response.status_code == 503
    assert response["Retry-After"]
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["worker"]["state"] == "stale"
    assert body["worker"]["heartbeat_age_seconds"] >= 300


def test_the_newest_of_several_workers_counts(client):
    beat_ago(3600, "old")
    beat_ago(1, "new")

    assert client.get(reverse("health")).json()["worker"]["state"] == "ok"


def test_no_worker_ever_is_a_503(client):
    response = client.get(reverse("health"))

    assert response.status_code == 503
    assert response.json()["worker"]["state"] == "missing"


def test_an_unreachable_database_is_a_503(client):
    with mock.patch.object(
        heartbeat.connection, "cursor", side_effect=OperationalError("connection refused")
    ):
        response = client.get(reverse("health"))

    assert response.status_code == 503
    assert response.json() == {
        "status": "unavailable",
        "database": "unreachable",
        "worker": None,
        "queue": None,
    }


def test_the_queue_counts_due_tasks_and_the_oldest_wait_without_arguments(client):
    beat_ago(1)
    now = timezone.now()
    send_secret.using(run_after=now - timedelta(minutes=2)).enqueue("s3cr3t-id-number")
    send_secret.enqueue("another-s3cr3t")
    send_secret.using(run_after=now + timedelta(days=1)).enqueue("not-due-yet")

    response = client.get(reverse("health"))

    queue = response.json()["queue"]
    assert queue["waiting"] == 2
    assert 119 <= queue["oldest_waiting_seconds"] < 300
    assert b"s3cr3t" not in response.content
    assert b"send_secret" not in response.content

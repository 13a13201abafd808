"""Office administrators see a banner on every page while the worker is down; agents do not."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from estatedesk.core import heartbeat
from estatedesk.core.models import WorkerHeartbeat

pytestmark = pytest.mark.django_db

BANNER = b'id="worker-down-banner"'


@pytest.fixture(autouse=True)
def _fresh_banner_answer():
    heartbeat.forget_worker_down()
    yield
    heartbeat.forget_worker_down()


def beat_ago(seconds: float) -> None:
    now = timezone.now()
    WorkerHeartbeat.objects.create(
        worker_id="w1",
        started_at=now - timedelta(hours=1),
        beat_at=now - timedelta(seconds=seconds),
    )


@pytest.mark.parametrize("url_name", ["contacts:contact_list", "activities:my_tasks"])
def test_administrator_sees_the_banner_when_the_heartbeat_is_stale(as_admin, url_name):
    beat_ago(600)

    response = as_admin.get(reverse(url_name))

    assert BANNER in response.content


def test_agent_does_not_see_the_banner(as_alice):
    beat_ago(600)

    assert BANNER not in as_alice.get(reverse("contacts:contact_list")).content


def test_no_banner_while_the_worker_beats(as_admin):
    beat_ago(1)

    assert BANNER not in as_admin.get(reverse("contacts:contact_list")).content


def test_no_banner_where_no_worker_ever_ran_nor_is_expected(as_admin, settings):
    settings.WORKER_EXPECTED = False

    assert BANNER not in as_admin.get(reverse("contacts:contact_list")).content


def test_banner_where_a_worker_is_expected_but_never_beat(as_admin, settings):
    settings.WORKER_EXPECTED = True

    assert BANNER in as_admin.get(reverse("contacts:contact_list")).content


def test_the_answer_costs_one_query_and_is_reused(django_assert_num_queries):
    beat_ago(600)

    with django_assert_num_queries(1):
        assert heartbeat.worker_down()
    with django_assert_num_queries(0):
        assert heartbeat.worker_down()

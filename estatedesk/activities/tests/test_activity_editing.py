"""Who logged an activity (or an administrator) may change or delete it; colleagues may not."""

from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from estatedesk.activities.models import Activity
from estatedesk.contacts.tests.factories import ContactFactory

from .factories import ActivityFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def call(alice):
    contact = ContactFactory(owner=alice)
    return ActivityFactory(records=[contact], subject="First", body="Talked",
                           occurred_at=timezone.now() - timedelta(days=2))  # fmt: skip


def test_the_logger_edits_an_activity(as_alice, call):
    response = as_alice.post(
        reverse("activities:activity_edit", args=[call.pk]),
        {"kind": "call", "direction": "in", "occurred_at": "2026-02-02T10:15",
         "subject": "Corrected", "body": "Talked about the offer", "outcome": "connected",
         "duration_minutes": "4"},
    )  # fmt: skip
    assert response.status_code == 302
    call.refresh_from_db()
    assert (call.subject, call.direction, call.duration_minutes) == ("Corrected", "in", 4)
    assert call.occurred_at == datetime(2026, 2, 2, 9, 15, tzinfo=UTC)
    contact = call.links.get().contact
    assert contact.last_contacted_at == call.occurred_at


def test_a_colleague_sees_but_cannot_change_or_delete_it(as_bob, call):
    assert as_bob.get(reverse("activities:activity_detail", args=[call.pk])).status_code == 200
    assert as_bob.get(reverse("activities:activity_edit", args=[call.pk])).status_code == 403
    assert as_bob.post(reverse("activities:activity_delete", args=[call.pk])).status_code == 403
    assert Activity.objects.filter(pk=call.pk).exists()


def test_an_administrator_may_delete_it(as_admin, call):
    response = as_admin.post(reverse("activities:activity_delete", args=[call.pk]))
    assert response.status_code == 302
    assert not Activity.objects.exists()
    contact = ContactFactory._meta.model.objects.get()
    assert contact.last_contacted_at is None

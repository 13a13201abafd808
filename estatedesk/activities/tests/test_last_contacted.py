"""Logging contact moves "last contacted"; lists filter on "not contacted for N days"."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from estatedesk.activities import services
from estatedesk.activities.choices import ActivityType
from estatedesk.contacts.tests.factories import ContactFactory, LeadFactory

from .factories import ActivityFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("kind", ["call", "email", "whatsapp", "sms", "meeting", "appointment"])
def test_contacting_kinds_move_last_contacted_of_leads_and_contacts(alice, kind):
    lead = LeadFactory(owner=alice)
    contact = ContactFactory(owner=alice)
    when = timezone.now() - timedelta(hours=2)
    ActivityFactory(records=[lead, contact], kind=kind, occurred_at=when)
    lead.refresh_from_db()
    contact.refresh_from_db()
    assert lead.last_contacted_at == when
    assert contact.last_contacted_at == when


def test_a_note_a_planned_meeting_or_an_older_call_do_not(alice):
    recent = timezone.now() - timedelta(days=1)
    contact = ContactFactory(owner=alice, last_contacted_at=recent)
    ActivityFactory(records=[contact], kind=ActivityType.NOTE, body="Thinks it over")
    ActivityFactory(records=[contact], kind=ActivityType.MEETING,
                    occurred_at=timezone.now() + timedelta(days=3))  # fmt: skip
    ActivityFactory(records=[contact], occurred_at=recent - timedelta(days=10))
    contact.refresh_from_db()
    assert contact.last_contacted_at == recent


def test_deleting_the_latest_call_falls_back_to_the_one_before(alice):
    contact = ContactFactory(owner=alice)
    earlier = ActivityFactory(records=[contact], occurred_at=timezone.now() - timedelta(days=5))
    latest = ActivityFactory(records=[contact], occurred_at=timezone.now() - timedelta(days=1))
    services.activity_delete(activity=latest, actor=alice)
    contact.refresh_from_db()
    assert contact.last_contacted_at == earlier.occurred_at


def shown(response, *records) -> list[bool]:
    html = response.content.decode()
    return [f'href="{r.get_absolute_url()}"' in html for r in records]


@pytest.mark.parametrize(
    ("factory", "url_name"),
    [(ContactFactory, "contacts:contact_list"), (LeadFactory, "contacts:lead_list")],
)
def test_not_contacted_for_n_days_filter(as_alice, alice, factory, url_name):
    now = timezone.now()
    never = factory(owner=alice, last_contacted_at=None)
    long_ago = factory(owner=alice, last_contacted_at=now - timedelta(days=120))
    lately = factory(owner=alice, last_contacted_at=now - timedelta(days=10))
    url = reverse(url_name)

    response = as_alice.get(url, {"not_contacted_days": 90})
    assert shown(response, never, long_ago, lately) == [True, True, False]
    response = as_alice.get(url, {"not_contacted_days": 5})
    assert shown(response, never, long_ago, lately) == [True, True, True]
    response = as_alice.get(url)
    assert shown(response, never, long_ago, lately) == [True, True, True]
    # the filter is on the list's form, and combines with sorting on last contacted
    assert 'name="not_contacted_days"' in response.content.decode()
    ordered = as_alice.get(url, {"not_contacted_days": 30, "ordering": "last_contacted"})
    assert shown(ordered, never, long_ago, lately) == [True, True, False]


def test_not_contacted_filter_rejects_nonsense(as_alice, alice):
    ContactFactory(owner=alice)
    response = as_alice.get(
        reverse("contacts:contact_list"), {"not_contacted_days": "-3", "count": "1"}
    )
    assert "0 results" in response.content.decode()

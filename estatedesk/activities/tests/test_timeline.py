"""The History tab: newest first, filtered by type, paged with htmx, a quick form that adds
without a reload, click-to-contact links, and a constant number of SQL queries."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from estatedesk.activities.choices import ActivityType
from estatedesk.activities.models import Activity
from estatedesk.activities.selectors import TIMELINE_PAGE
from estatedesk.contacts.tests.factories import ContactFactory, LeadFactory, RelationFactory
from estatedesk.core.testing.queries import count_queries

from .factories import ActivityFactory

pytestmark = pytest.mark.django_db

HTMX_TAB = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "tab-panel"}


@pytest.fixture
def contact(alice):
    return ContactFactory(owner=alice, first_name="Daan", last_name="Mulder",
                          phones=["+31612345678"], emails=["daan@example.org"])  # fmt: skip


def history(client, record, **params):
    return client.get(record.get_absolute_url(), {"tab": "history", **params}, **HTMX_TAB)


def subjects_in(html: str) -> list[str]:
    return re.findall(r'<div class="activity-subject"><bdi>([^<]*)</bdi></div>', html)


def test_history_tab_lists_activities_newest_first(as_alice, contact):
    now = timezone.now()
    for days, subject in ((3, "oldest"), (1, "newest"), (2, "middle")):
        ActivityFactory(records=[contact], subject=subject, occurred_at=now - timedelta(days=days))
    html = history(as_alice, contact).content.decode()
    assert subjects_in(html) == ["newest", "middle", "oldest"]
    # the full page shows the same tab
    page = as_alice.get(contact.get_absolute_url(), {"tab": "history"}).content.decode()
    assert subjects_in(page) == ["newest", "middle", "oldest"]


def test_timeline_filters_by_type(as_alice, contact):
    ActivityFactory(records=[contact], subject="a call")
    ActivityFactory(records=[contact], kind=ActivityType.NOTE, subject="a note", body="n")
    ActivityFactory(records=[contact], kind=ActivityType.WHATSAPP, subject="a message")
    url = reverse("activities:timeline", args=["contact", contact.pk])
    assert subjects_in(as_alice.get(url, {"type": "note"}).content.decode()) == ["a note"]
    assert subjects_in(as_alice.get(url, {"type": "whatsapp"}).content.decode()) == ["a message"]
    assert len(subjects_in(as_alice.get(url).content.decode())) == 3


def test_load_more_pages_through_everything_once(as_alice, contact):
    now = timezone.now()
    total = TIMELINE_PAGE + 5
    for i in range(total):
        # several at the very same time: the page boundary must not skip or repeat them
        ActivityFactory(records=[contact], subject=f"s{i:02d}",
                        occurred_at=now - timedelta(hours=i // 3))  # fmt: skip
    url = reverse("activities:timeline", args=["contact", contact.pk])
    first = as_alice.get(url).content.decode()
    assert len(subjects_in(first)) == TIMELINE_PAGE
    more = re.search(r'hx-get="([^"]*cursor=[^"]*)"', first).group(1).replace("&amp;", "&")
    second = as_alice.get(more, HTTP_HX_REQUEST="true").content.decode()
    assert len(subjects_in(second)) == 5
    assert "Load more" not in second
    seen = subjects_in(first) + subjects_in(second)
    assert sorted(seen) == sorted(f"s{i:02d}" for i in range(total))


def test_quick_log_adds_a_call_without_reload(as_alice, alice, contact):
    url = reverse("activities:quick_log", args=["contact", contact.pk])
    response = as_alice.post(
        url,
        {"kind": "call", "direction": "out", "outcome": "connected", "duration_minutes": "7",
         "body": "Wants a second viewing"},
        HTTP_HX_REQUEST="true", HTTP_HX_TARGET="quick-log",
    )  # fmt: skip
    assert response.status_code == 200
    html = response.content.decode()
    activity = Activity.objects.get()
    # the new item comes as an out-of-band insert at the top of the timeline …
    assert 'hx-swap-oob="afterbegin:#timeline-items"' in html
    assert f'id="activity-{activity.pk}"' in html
    assert "Wants a second viewing" in html
    # … with a fresh, empty form to log the next one
    assert 'id="quick-log"' in html
    assert "Wants a second viewing</textarea>" not in html
    assert (activity.kind, activity.direction, activity.duration_minutes, activity.logged_by) == (
        "call", "out", 7, alice,
    )  # fmt: skip
    contact.refresh_from_db()
    assert contact.last_contacted_at == activity.occurred_at


def test_quick_log_with_an_empty_note_shows_the_error_and_logs_nothing(as_alice, contact):
    response = as_alice.post(
        reverse("activities:quick_log", args=["contact", contact.pk]),
        {"kind": "note", "body": "  "},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert "Write the note." in response.content.decode()
    assert not Activity.objects.exists()


def test_quick_log_without_htmx_goes_back_to_the_history_tab(as_alice, contact):
    response = as_alice.post(
        reverse("activities:quick_log", args=["contact", contact.pk]),
        {"kind": "whatsapp", "direction": "in", "body": "Sent photos"},
    )
    assert response.status_code == 302
    assert response["Location"] == f"{contact.get_absolute_url()}?tab=history"
    assert Activity.objects.get().kind == "whatsapp"


def test_click_to_contact_links_each_offer_to_log(as_alice, contact):
    html = as_alice.get(contact.get_absolute_url()).content.decode()
    assert 'href="tel:+31612345678"' in html
    assert 'href="https://wa.me/31612345678"' in html
    assert 'href="mailto:daan@example.org"' in html
    history_url = f"{contact.get_absolute_url()}?tab=history"
    assert f'href="{history_url}&amp;log=call"' in html
    assert f'href="{history_url}&amp;log=email"' in html
    assert f'data-log-url="{history_url}&amp;log=whatsapp"' in html  # static/js/estatedesk.js


@pytest.mark.parametrize("kind", ["call", "whatsapp", "email"])
def test_the_log_link_opens_the_quick_form_set_to_its_kind(as_alice, contact, kind):
    html = history(as_alice, contact, log=kind).content.decode()
    assert '<details class="quick-log" open>' in html
    assert re.search(rf'<input type="radio" name="kind" value="{kind}"[^>]*checked', html)


def test_a_lead_and_a_relation_have_a_timeline_too(as_alice, alice):
    lead = LeadFactory(owner=alice, phones=["+31611111111"])
    relation = RelationFactory(owner=alice)
    ActivityFactory(records=[lead], subject="lead call")
    ActivityFactory(records=[relation], subject="relation call")
    assert subjects_in(history(as_alice, lead).content.decode()) == ["lead call"]
    assert subjects_in(history(as_alice, relation).content.decode()) == ["relation call"]
    details = as_alice.get(lead.get_absolute_url()).content.decode()
    assert 'href="https://wa.me/31611111111"' in details


def test_one_meeting_with_several_records_shows_on_each_timeline(as_alice, alice, contact):
    seller = ContactFactory(owner=alice, last_name="Seller")
    response = as_alice.post(
        reverse("activities:activity_create", args=["contact", contact.pk]),
        {"kind": "appointment", "occurred_at": "2026-05-04T14:00", "ends_at": "2026-05-04T15:00",
         "location": "Prinsengracht 263", "subject": "Viewing", "also": [f"contact:{seller.pk}"]},
    )  # fmt: skip
    assert response.status_code == 302
    for record in (contact, seller):
        assert subjects_in(history(as_alice, record).content.decode()) == ["Viewing"]


EVIL = '<img src=x onerror="alert(1)">'
ESCAPED = "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;"


def test_timeline_items_show_what_was_logged_and_escape_what_people_typed(as_alice, alice, bob):
    """The items are written in Python (activities.items): every value is escaped there."""
    contact = ContactFactory(owner=alice, last_name="Mulder")
    lead = LeadFactory(owner=alice, first_name="Ann", last_name=EVIL)
    relation = RelationFactory(owner=alice, name="Bank & Co")
    bob.full_name = f"Bob {EVIL}"
    bob.save(update_fields=["full_name"])
    starts = timezone.now() - timedelta(days=1)
    meeting = ActivityFactory(
        records=[contact, lead, relation], kind=ActivityType.MEETING, subject=EVIL,
        body=f"first line\r\n{EVIL}", location=EVIL, assigned_to=bob, occurred_at=starts,
        ends_at=starts + timedelta(hours=1),
    )  # fmt: skip
    ActivityFactory(records=[contact], direction="in", outcome="no_answer", duration_minutes=1,
                    subject="short call")  # fmt: skip
    html = history(as_alice, contact).content.decode()
    item = html.split(f'id="activity-{meeting.pk}"')[1].split("</li>")[0]
    assert "<img" not in html
    # What a user typed is escaped, and isolated for bidi display
    assert f'<div class="activity-subject"><bdi>{ESCAPED}</bdi></div>' in item
    assert f'<div class="activity-body" dir="auto">first line<br>{ESCAPED}</div>' in item
    assert f"at <bdi>{ESCAPED}</bdi> · attending: <bdi>Bob {ESCAPED}</bdi>" in item
    # the other records it involves are named and linked, the timeline's own record is not
    assert (
        f'With <a href="{lead.get_absolute_url()}"><bdi>Ann {ESCAPED}</bdi></a>, '
        f'<a href="{relation.get_absolute_url()}"><bdi>Bank &amp; Co</bdi></a></small>'
    ) in item
    assert f'href="{contact.get_absolute_url()}"' not in item
    assert f'href="{reverse("activities:activity_ics", args=[meeting.pk])}"' in item
    local = timezone.localtime(starts)
    assert f'<time datetime="{local.isoformat()}">' in item
    call = html.split('<div class="activity-subject"><bdi>short call')[0].rsplit("<li", 1)[1]
    assert '<span class="badge">Incoming</span> <span class="badge">No answer</span>' in call
    assert "1 minute</span>" in call
    assert ".ics" not in call


def test_an_appointment_cannot_end_before_it_starts(as_alice, contact):
    response = as_alice.post(
        reverse("activities:activity_create", args=["contact", contact.pk]),
        {"kind": "meeting", "occurred_at": "2026-05-04T14:00", "ends_at": "2026-05-04T13:00"},
    )
    assert response.status_code == 422
    assert "It cannot end before it starts." in response.content.decode()
    assert not Activity.objects.exists()


# --- query counts ---------------------------------------------------------------------------------


def make_activities(record, others, n):
    for i in range(n):
        ActivityFactory(records=[record, *others[: i % 3]], subject=f"q{i}",
                        assigned_to=None)  # fmt: skip


def test_history_tab_runs_the_same_queries_whatever_the_number_of_activities(as_alice, alice):
    contact = ContactFactory(owner=alice)
    others = [ContactFactory(owner=alice), LeadFactory(owner=alice), RelationFactory(owner=alice)]
    make_activities(contact, others, 3)
    history(as_alice, contact)  # the first view reads the office's lists (accounts.officecache)
    with count_queries() as few:
        assert history(as_alice, contact).status_code == 200
    make_activities(contact, others, 40)
    with count_queries() as many:
        response = history(as_alice, contact)
    assert len(subjects_in(response.content.decode())) == TIMELINE_PAGE
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]


def test_timeline_pages_run_the_same_queries_whatever_the_number_of_activities(as_alice, alice):
    contact = ContactFactory(owner=alice)
    others = [ContactFactory(owner=alice), LeadFactory(owner=alice)]
    url = reverse("activities:timeline", args=["contact", contact.pk])
    make_activities(contact, others, 3)  # the other records named: a contact and a lead
    with count_queries() as few:
        as_alice.get(url)
    make_activities(contact, others, 30)
    with count_queries() as many:
        as_alice.get(url)
    # One query per kind of other record (at most three), never one per activity.
    assert len(many) == len(few)


def test_contact_list_runs_the_same_queries_whatever_the_number_of_activities(as_alice, alice):
    contacts = [ContactFactory(owner=alice) for _ in range(5)]
    url = reverse("contacts:contact_list")
    as_alice.get(url)  # the first view reads the office's lists (accounts.officecache)
    with count_queries() as none:
        assert as_alice.get(url).status_code == 200
    for contact in contacts:
        make_activities(contact, [], 6)
    with count_queries() as many:
        assert as_alice.get(url).status_code == 200
    assert len(many) == len(none)

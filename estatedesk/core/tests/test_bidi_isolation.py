"""A name holding a right-to-left override (U+202E) cannot reorder the text around it: every
page, message, e-mail and feed shows names and free text inside an isolate."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from estatedesk.activities import reminders
from estatedesk.activities.choices import ActivityType
from estatedesk.activities.models import Notification
from estatedesk.activities.tests.factories import ActivityFactory, TaskFactory
from estatedesk.contacts.tests.factories import ContactFactory, LeadFactory, RelationFactory
from estatedesk.core.html import bdi, sentence
from estatedesk.core.testing.bidi import unisolated_bidi_controls
from estatedesk.core.text import isolate
from estatedesk.deals.tests.factories import DealFactory
from estatedesk.properties.tests.factories import PropertyFactory

EVIL = "Evil\u202eabc"
FSI, PDI = "\u2068", "\u2069"


def shows_isolated(html: str) -> None:
    assert "\u202e" in html, "the page does not show the name at all"
    assert unisolated_bidi_controls(html) == []


# --- the helpers -------------------------------------------------------------------------------


def test_bdi_escapes_and_isolates():
    assert bdi('<b>Evil\u202e"') == "<bdi>&lt;b&gt;Evil\u202e&quot;</bdi>"


def test_a_sentence_isolates_each_value_and_escapes_the_rest():
    html = sentence("%(name)s was <saved>.", name=EVIL)

    assert html == f"<bdi>{EVIL}</bdi> was &lt;saved&gt;."
    shows_isolated(html)


def test_plain_text_gets_unicode_isolates():
    assert isolate(EVIL) == f"{FSI}{EVIL}{PDI}"


def test_the_template_filters_isolate():
    rendered = Template("{% load estatedesk %}{{ n|bdi }} · {{ n|isolate }}").render(
        Context({"n": EVIL + "<"})
    )

    assert rendered == f"<bdi>{EVIL}&lt;</bdi> · {FSI}{EVIL}&lt;{PDI}"


@pytest.mark.parametrize(
    "html",
    [f"<p>Saved {EVIL} today</p>", f"<td><a>{EVIL}</a> <span>Personal</span></td>"],
)
def test_the_finder_sees_an_override_outside_an_isolate(html):
    assert unisolated_bidi_controls(html) != []


@pytest.mark.parametrize(
    "html",
    [
        f"<p>Saved <bdi>{EVIL}</bdi> today</p>",
        f'<p>Saved <span dir="auto">{EVIL}</span> today</p>',
        f"<p>Saved {FSI}{EVIL}{PDI} today</p>",
        f"<select><option>{EVIL}</option></select>",
    ],
)
def test_the_finder_accepts_an_isolated_override(html):
    assert unisolated_bidi_controls(html) == []


# --- the pages ---------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url_name", "make"),
    [
        ("contacts:contact_list", lambda alice: ContactFactory(owner=alice, last_name=EVIL,
                                                             first_name=EVIL, city=EVIL)),
        ("contacts:lead_list", lambda alice: LeadFactory(owner=alice, last_name=EVIL,
                                                       company=EVIL)),
        ("contacts:relation_list", lambda alice: RelationFactory(owner=alice, name=EVIL)),
        ("properties:property_list", lambda alice: PropertyFactory(owner=alice,
                                                                   reference=EVIL)),
        ("deals:deal_list", lambda alice: DealFactory(owner=alice, title=EVIL)),
    ],
    ids=lambda v: v if isinstance(v, str) else "",
)  # fmt: skip
def test_a_list_shows_the_name_isolated(url_name, make, alice, as_alice):
    make(alice)

    shows_isolated(as_alice.get(reverse(url_name)).content.decode())


@pytest.mark.django_db
def test_a_contacts_page_shows_the_name_isolated(alice, as_alice):
    contact = ContactFactory(owner=alice, first_name=EVIL, last_name=EVIL)

    for url in (contact.get_absolute_url(), reverse("contacts:contact_edit", args=[contact.pk]),
                reverse("contacts:contact_delete", args=[contact.pk])):  # fmt: skip
        shows_isolated(as_alice.get(url).content.decode())


@pytest.mark.django_db
def test_the_timeline_shows_names_and_text_isolated(alice, bob, as_alice):
    contact = ContactFactory(owner=alice, first_name="", last_name=EVIL)
    lead = LeadFactory(owner=alice, last_name=EVIL)
    ActivityFactory(
        records=[contact, lead], kind=ActivityType.MEETING, subject=EVIL, body=f"note {EVIL} x",
        location=EVIL, assigned_to=bob,
    )  # fmt: skip

    html = as_alice.get(contact.get_absolute_url(), {"tab": "history"}).content.decode()

    shows_isolated(html)


@pytest.mark.django_db
def test_the_message_after_a_deletion_shows_the_name_isolated(alice, as_alice):
    contact = ContactFactory(owner=alice, first_name="", last_name=EVIL)

    response = as_alice.post(reverse("contacts:contact_delete", args=[contact.pk]), follow=True)

    html = response.content.decode()
    assert f"<bdi>{EVIL}</bdi> was deleted." in html
    shows_isolated(html)


@pytest.mark.django_db
def test_a_reminder_isolates_the_task_and_the_record(alice):
    contact = ContactFactory(owner=alice, first_name="", last_name=EVIL)
    TaskFactory(record=contact, title=EVIL, remind_at=timezone.now() - timedelta(minutes=1))

    reminders.reminders_process_due(now=timezone.now())

    (message,) = mail.outbox
    assert message.subject == f"Reminder: {FSI}{EVIL}{PDI}"
    assert f"{FSI}{EVIL}{PDI}" in message.body
    assert message.body.count(FSI) == message.body.count(PDI) == 2  # the title and the record
    assert Notification.objects.get().title == message.subject


@pytest.mark.django_db
def test_the_calendar_feed_isolates_titles_and_names(alice, as_alice):
    contact = ContactFactory(owner=alice, first_name="", last_name=EVIL)
    TaskFactory(record=contact, title=EVIL)
    feed = as_alice.post(reverse("activities:calendar_settings"), follow=True)
    feed_url = feed.context["feed_url"]

    (event,) = Calendar.from_ical(as_alice.get(feed_url).content).walk("VEVENT")

    assert str(event["SUMMARY"]) == f"Task: {FSI}{EVIL}{PDI}"
    assert str(event["DESCRIPTION"]).startswith(f"{FSI}{EVIL}{PDI} – ")

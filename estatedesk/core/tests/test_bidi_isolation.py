"""A name holding a right-to-left override (U+202E) cannot reorder the text around it: every
page, message, e-mail and feed shows names and free text inside an isolate."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from estatedesk.activities import reminders
from estatedesk.activities.choices import ActivityType
from estatedesk.activities.models import Notification
from estatedesk.activities.tests.factories import ActivityFactory, TaskFactory
from estatedesk.classification.models import LeadSource
from estatedesk.classification.tests.factories import CategoryFactory
from estatedesk.contactlinks.choices import LinkKind
from estatedesk.contactlinks.models import ContactLink
from estatedesk.contacts.tests.factories import ContactFactory, LeadFactory, RelationFactory
from estatedesk.core.html import bdi, error_sentence, sentence
from estatedesk.core.models import CustomField
from estatedesk.core.testing.bidi import unisolated_bidi_controls
from estatedesk.core.text import isolate
from estatedesk.deals.models import PipelineStage
from estatedesk.deals.tests.factories import DealFactory
from estatedesk.deals.tests.factories import stage as office_stage
from estatedesk.properties.tests.factories import PropertyFactory, PropertyLinkFactory

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


def test_a_sentence_leaves_numbers_as_they_are():
    html = sentence("%(name)s holds %(count)d deal(s).", name=EVIL, count=3)

    assert html == f"<bdi>{EVIL}</bdi> holds 3 deal(s)."


def test_a_validation_error_isolates_its_params_and_escapes_the_rest():
    exc = ValidationError(
        {
            "to_contact": ValidationError("%(a)s is linked <already>.", params={"a": EVIL}),
            "note": "Too long.",
        }
    )

    html = error_sentence(exc)

    assert html == f"<bdi>{EVIL}</bdi> is linked &lt;already&gt;. Too long."
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


# --- messages ----------------------------------------------------------------------------------


def _shows_message(response, text: str) -> None:
    """The flash messages of the page after the redirect (the page itself is tested apart)."""
    html = response.content.decode()
    flashes = "".join(re.findall(r'<article class="flash[^>]*>.*?</article>', html, re.S))
    assert text in flashes
    shows_isolated(flashes)


@pytest.mark.django_db
def test_moving_a_deal_isolates_the_deal_and_the_stage(alice, as_alice, office):
    deal = DealFactory(owner=alice, title=EVIL)
    stage = office_stage(office, "Viewing")
    PipelineStage.objects.filter(pk=stage.pk).update(name=EVIL)

    response = as_alice.post(
        reverse("deals:deal_move", args=[deal.pk]), {"stage": stage.pk}, follow=True
    )

    _shows_message(response, f"<bdi>{EVIL}</bdi> is now in <bdi>{EVIL}</bdi>.")


@pytest.mark.django_db
def test_a_stage_that_cannot_be_deleted_is_named_isolated(alice, as_admin, office):
    deal = DealFactory(owner=alice)
    PipelineStage.objects.filter(pk=deal.stage_id).update(name=EVIL)

    response = as_admin.post(reverse("deals:stage_delete", args=[deal.stage_id]), follow=True)

    _shows_message(response, f"“<bdi>{EVIL}</bdi>” holds 1 deal(s) and cannot be deleted.")


@pytest.mark.django_db
def test_a_deactivated_stage_is_named_isolated(alice, as_admin, office):
    stage = office_stage(office, "Viewing")
    PipelineStage.objects.filter(pk=stage.pk).update(name=EVIL)

    response = as_admin.post(
        reverse("deals:stage_active", args=[stage.pk]), {"active": "0"}, follow=True
    )

    _shows_message(response, f"<bdi>{EVIL}</bdi> was deactivated: it left the board")


@pytest.mark.django_db
def test_categories_messages_isolate_both_names(alice, as_alice):
    parent = CategoryFactory(owner=alice, name=EVIL)
    added = as_alice.post(
        reverse("classification:category_create"),
        {"name": EVIL + "2", "parent": parent.pk},
        follow=True,
    )
    _shows_message(added, f"was added under “<bdi>{EVIL}</bdi>”.")

    child = parent.children.get()
    deleted = as_alice.post(reverse("classification:category_delete", args=[parent.pk]),
                            follow=True)  # fmt: skip
    _shows_message(deleted, f"“<bdi>{EVIL}</bdi>” and its 1 subcategory were deleted")
    assert child.pk is not None


@pytest.mark.django_db
def test_a_deactivated_source_is_named_isolated(as_admin, office):
    source = LeadSource.objects.for_office(office.pk).first()
    LeadSource.objects.filter(pk=source.pk).update(name=EVIL)

    response = as_admin.post(
        reverse("setup:source_active", args=[source.pk]), {"active": "0"}, follow=True
    )

    _shows_message(response, f"<bdi>{EVIL}</bdi> is no longer offered")


@pytest.mark.django_db
def test_a_deactivated_user_is_named_isolated(alice, as_admin):
    type(alice).objects.filter(pk=alice.pk).update(full_name=EVIL)

    response = as_admin.post(
        reverse("setup:user_active", args=[alice.pk]), {"active": "0"}, follow=True
    )

    _shows_message(response, "</bdi> was deactivated and logged out everywhere.")


@pytest.mark.django_db
def test_a_link_that_exists_already_names_both_contacts_isolated(alice, as_alice):
    ann = ContactFactory(owner=alice, first_name="", last_name=EVIL)
    bram = ContactFactory(owner=alice, first_name="", last_name=EVIL + "2")
    ContactLink.objects.create(office_id=ann.office_id, from_contact=ann, to_contact=bram,
                               kind=LinkKind.FAMILY)  # fmt: skip

    response = as_alice.post(
        reverse("contactlinks:add", args=[ann.pk]),
        {"relationship": "family", "to_contact": bram.pk},
        follow=True,
    )

    _shows_message(response, f"<bdi>{EVIL}</bdi> and <bdi>{EVIL}2</bdi> are already linked")


# --- detail pages, setup lists and tabs ---------------------------------------------------------


@pytest.mark.django_db
def test_a_deal_detail_isolates_its_fields(alice, as_alice, office):
    stage = office_stage(office, "Viewing")
    PipelineStage.objects.filter(pk=stage.pk).update(name=EVIL)
    prop = PropertyFactory(owner=alice, reference=EVIL)
    deal = DealFactory(owner=alice, title=EVIL, stage=stage, property=prop, notes=EVIL)

    shows_isolated(as_alice.get(deal.get_absolute_url()).content.decode())


@pytest.mark.django_db
def test_a_relation_detail_isolates_its_fields(alice, as_alice):
    relation = RelationFactory(owner=alice, name=EVIL, legal_name=EVIL, notes=EVIL,
                               contract_reference=EVIL)  # fmt: skip

    shows_isolated(as_alice.get(relation.get_absolute_url()).content.decode())


@pytest.mark.django_db
def test_a_property_detail_and_its_people_isolate_names(alice, as_alice):
    prop = PropertyFactory(owner=alice, reference=EVIL, street=EVIL, city=EVIL,
                           description=EVIL)  # fmt: skip
    PropertyLinkFactory(property=prop, contact=ContactFactory(owner=alice, last_name=EVIL),
                        note=EVIL)  # fmt: skip

    shows_isolated(as_alice.get(prop.get_absolute_url()).content.decode())
    shows_isolated(as_alice.get(prop.get_absolute_url(), {"tab": "people"}).content.decode())


@pytest.mark.django_db
def test_the_related_tab_isolates_the_linked_contact(alice, as_alice):
    ann = ContactFactory(owner=alice, first_name="", last_name=EVIL)
    bram = ContactFactory(owner=alice, first_name="", last_name=EVIL)
    ContactLink.objects.create(office_id=ann.office_id, from_contact=ann, to_contact=bram,
                               kind=LinkKind.FAMILY, note=EVIL)  # fmt: skip

    shows_isolated(as_alice.get(ann.get_absolute_url(), {"tab": "related"}).content.decode())


@pytest.mark.django_db
def test_setup_lists_isolate_names(alice, as_admin, office):
    type(alice).objects.filter(pk=alice.pk).update(full_name=EVIL)
    LeadSource.objects.filter(pk=LeadSource.objects.for_office(office.pk).first().pk).update(
        name=EVIL
    )
    PipelineStage.objects.filter(pk=office_stage(office, "Viewing").pk).update(name=EVIL)
    CustomField.objects.create(office=office, target="contact", key="evil", label=EVIL,
                               field_type="choice", choices=[EVIL, "Plain"])  # fmt: skip

    pages = ["setup:users", "setup:sources", "setup:fields", "deals:stages", "deals:board"]
    for url in [reverse(name) for name in pages] + [reverse("setup:user_detail", args=[alice.pk])]:
        shows_isolated(as_admin.get(url).content.decode())


@pytest.mark.django_db
def test_the_categories_page_isolates_names(alice, as_alice):
    CategoryFactory(owner=alice, parent=CategoryFactory(owner=alice, name=EVIL), name=EVIL)

    shows_isolated(as_alice.get(reverse("classification:category_tree")).content.decode())


@pytest.mark.django_db
def test_the_changes_tab_isolates_who_and_the_values(alice, as_alice):
    from estatedesk.contacts import services as contact_services

    type(alice).objects.filter(pk=alice.pk).update(full_name=EVIL)
    alice.refresh_from_db()
    contact = ContactFactory(owner=alice, first_name="", last_name="Visser")
    contact.last_name = EVIL
    contact_services.record_save(record=contact, actor=alice)

    html = as_alice.get(contact.get_absolute_url(), {"tab": "changes"}).content.decode()

    assert f"<bdi>{EVIL}</bdi>" in html
    shows_isolated(html)


@pytest.mark.django_db
def test_a_project_detail_and_its_people_isolate_names(alice, as_alice):
    from estatedesk.properties.models import ProjectPerson
    from estatedesk.properties.tests.factories import ProjectFactory

    project = ProjectFactory(owner=alice, name=EVIL, street=EVIL, description=EVIL)
    ProjectPerson.objects.create(office_id=project.office_id, project=project, role="architect",
                                 contact=ContactFactory(owner=alice, last_name=EVIL),
                                 note=EVIL)  # fmt: skip

    shows_isolated(as_alice.get(project.get_absolute_url()).content.decode())
    shows_isolated(as_alice.get(project.get_absolute_url(), {"tab": "people"}).content.decode())

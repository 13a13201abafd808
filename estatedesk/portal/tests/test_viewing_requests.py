"""Viewing requests, the whole loop: a client proposes three times → the agent gets a task and a
notification → confirms one → an appointment on the contact, in the agent's calendar feed and in
the portal (with an .ics) → feedback; another time proposed and accepted or declined;
cancellation from both sides."""

import zoneinfo
from datetime import UTC, datetime, timedelta

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from estatedesk.activities import services as activity_services
from estatedesk.activities.choices import ActivityType
from estatedesk.activities.models import Activity, Notification, Task
from estatedesk.core import events
from estatedesk.portal.choices import ViewingStatus
from estatedesk.portal.models import ViewingRequest
from estatedesk.portal.tests.factories import OfferFactory

NEW_YORK = zoneinfo.ZoneInfo("America/New_York")
AMSTERDAM = zoneinfo.ZoneInfo("Europe/Amsterdam")


def wall(days: int, hour: int) -> datetime:
    """A wall-clock time `days` from now at `hour`:00 (naive, as a form sends it)."""
    day = (timezone.now() + timedelta(days=days)).date()
    return datetime(day.year, day.month, day.day, hour, 0)  # noqa: DTZ001 (a form sends it so)


def field(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M")


@pytest.fixture
def published():
    seen: list[tuple[str, dict]] = []

    def grab(event, *, office_id, payload, event_id):
        seen.append((event, payload))

    for name in (events.VIEWING_REQUESTED, events.VIEWING_PROPOSED, events.VIEWING_CONFIRMED,
                 events.VIEWING_CANCELLED, events.VIEWING_FEEDBACK):  # fmt: skip
        events.subscribe(name, grab)
    yield seen
    for name in (events.VIEWING_REQUESTED, events.VIEWING_PROPOSED, events.VIEWING_CONFIRMED,
                 events.VIEWING_CANCELLED, events.VIEWING_FEEDBACK):  # fmt: skip
        events.unsubscribe(name, grab)


@pytest.fixture
def offer(ann, alice):
    return OfferFactory(contact=ann.contact, offered_by=alice,
                        property__street="Damrak", property__house_number="7")  # fmt: skip


def ask(client: Client, offer, *slots: datetime, tz: str = "America/New_York", message="Hi"):
    data = {"client_timezone": tz, "message": message}
    for n, slot in enumerate(slots, 1):
        data[f"slot_{n}"] = field(slot)
    return client.post(reverse("portal:viewing_request", args=[offer.pk]), data)


def feed_uids(user) -> dict[str, object]:
    token = activity_services.calendar_feed_regenerate(actor=user)
    response = Client().get(reverse("activities:calendar_feed", args=[token]))
    assert response.status_code == 200
    return {str(e["UID"]): e for e in Calendar.from_ical(response.content).walk("VEVENT")}


def test_whole_loop_from_three_slots_to_feedback(
    as_ann, as_alice, ann, alice, offer, published, django_capture_on_commit_callbacks
):
    # given: Ann, in New York, proposes three times for the offered flat
    slots = [wall(3, 10), wall(4, 14), wall(5, 9)]

    # when: she sends the request from the portal
    page = as_ann.get(reverse("portal:viewing_request", args=[offer.pk]))
    assert page.status_code == 200
    assert b'value="Europe/Amsterdam" selected' in page.content  # the office's by default
    with django_capture_on_commit_callbacks(execute=True):
        response = ask(as_ann, offer, *slots, message="After work, please")

    # then: the request keeps her times (as aware moments) and her timezone
    viewing = ViewingRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:viewing_detail", args=[viewing.pk])
    assert viewing.slots == [s.replace(tzinfo=NEW_YORK).astimezone(UTC) for s in slots]
    assert viewing.client_timezone == "America/New_York"
    assert viewing.status == ViewingStatus.REQUESTED
    # and Alice, who offered it, has a task due soon about Ann, and a notification
    task = Task.objects.get()
    assert task.assignee == alice
    assert task.contact == ann.contact
    assert not task.is_done
    assert task.due_at <= timezone.now() + timedelta(hours=4, minutes=1)
    assert viewing.task == task
    assert viewing.agent == alice
    notification = Notification.objects.get(user=alice)
    assert notification.task == task
    assert "Ann" in notification.title
    # and the request is on Ann's timeline and published
    assert Activity.objects.filter(kind=ActivityType.PORTAL, links__contact=ann.contact).exists()
    assert published[-1][0] == events.VIEWING_REQUESTED
    # and Alice sees it among the open requests
    listing = as_alice.get(reverse("portal_staff:viewing_list"))
    assert listing.status_code == 200
    assert f'id="viewing-{viewing.pk}"'.encode() in listing.content

    # when: Alice confirms the second time
    with django_capture_on_commit_callbacks(execute=True):
        response = as_alice.post(
            reverse("portal_staff:viewing_confirm", args=[viewing.pk]), {"slot": "2"}
        )
    assert response.status_code == 302

    # then: confirmed at that time, an appointment for Alice on Ann at the flat, task done
    viewing.refresh_from_db()
    assert viewing.status == ViewingStatus.CONFIRMED
    assert viewing.starts_at == viewing.slot_2
    appointment = viewing.appointment
    assert appointment.kind == ActivityType.APPOINTMENT
    assert appointment.assigned_to == alice
    assert appointment.occurred_at == viewing.slot_2
    assert "Damrak 7" in appointment.location
    assert list(appointment.links.values_list("contact", flat=True)) == [ann.contact.pk]
    task.refresh_from_db()
    assert task.is_done
    assert published[-1][0] == events.VIEWING_CONFIRMED
    # and Ann was e-mailed a link (not the details)
    assert mail.outbox[-1].to == ["ann@example.net"]
    assert reverse("portal:viewing_detail", args=[viewing.pk]) in mail.outbox[-1].body
    # and it is in Alice's calendar feed
    assert any(uid.startswith(f"activity-{appointment.pk}@") for uid in feed_uids(alice))

    # when: Ann opens her viewing
    detail = as_ann.get(reverse("portal:viewing_detail", args=[viewing.pk]))
    # then: she sees the confirmed time in her own timezone, and can download it
    local = viewing.starts_at.astimezone(NEW_YORK)
    assert local.strftime("%H:%M").encode() in detail.content
    assert b"America/New_York" in detail.content
    ics = as_ann.get(reverse("portal:viewing_ics", args=[viewing.pk]))
    assert ics.status_code == 200
    assert ics["Content-Type"].startswith("text/calendar")
    (event,) = Calendar.from_ical(ics.content).walk("VEVENT")
    assert event.decoded("DTSTART") == viewing.starts_at
    assert "Damrak 7" in str(event["LOCATION"])

    # when: the viewing took place and Ann says how it went
    ViewingRequest.objects.filter(pk=viewing.pk).update(
        starts_at=timezone.now() - timedelta(hours=1)
    )
    response = as_ann.post(
        reverse("portal:viewing_feedback", args=[viewing.pk]),
        {"feedback": "Lovely light, small kitchen", "still_interested": "yes"},
    )
    # then: it is kept and published
    assert response.status_code == 302
    viewing.refresh_from_db()
    assert viewing.feedback == "Lovely light, small kitchen"
    assert viewing.still_interested is True
    assert viewing.feedback_at is not None
    assert published[-1][0] == events.VIEWING_FEEDBACK
    # and Alice sees it on Ann's Viewings tab
    tab = as_alice.get(ann.contact.get_absolute_url() + "?tab=viewings")
    assert b"Lovely light, small kitchen" in tab.content


def test_every_step_lands_on_the_contacts_timeline(as_ann, as_alice, ann, offer):
    ask(as_ann, offer, wall(3, 10))
    viewing = ViewingRequest.objects.get()
    as_alice.post(reverse("portal_staff:viewing_confirm", args=[viewing.pk]), {"slot": "1"})

    subjects = list(
        Activity.objects.filter(kind=ActivityType.PORTAL, links__contact=ann.contact)
        .order_by("pk")
        .values_list("subject", flat=True)
    )
    assert len(subjects) == 2
    assert subjects[0].startswith("Asked to view")
    assert "confirmed" in subjects[1]


@pytest.mark.parametrize(
    ("slots", "error_field", "message"),
    [
        ((), "slot_1", b"This field is required"),
        (("past",), "slot_1", b"Choose a time in the future."),
        (("a", "a"), "slot_2", b"You proposed this time already."),
    ],
)
def test_slots_must_be_future_and_distinct(as_ann, offer, slots, error_field, message):
    values = {"past": wall(-2, 10), "a": wall(3, 10)}
    response = ask(as_ann, offer, *(values[s] for s in slots))

    assert response.status_code == 400
    assert message in response.content
    assert f'id="id_{error_field}-error"'.encode() in response.content
    assert not ViewingRequest.objects.exists()
    assert not Task.objects.exists()


def test_agent_proposes_another_time_and_client_accepts(
    as_ann, as_alice, ann, alice, offer, django_capture_on_commit_callbacks, published
):
    ask(as_ann, offer, wall(3, 10))
    viewing = ViewingRequest.objects.get()

    # when: Alice proposes 16:00 Amsterdam time in four days
    with django_capture_on_commit_callbacks(execute=True):
        as_alice.post(
            reverse("portal_staff:viewing_propose", args=[viewing.pk]),
            {"starts_at": field(wall(4, 16))},
        )
    viewing.refresh_from_db()
    assert viewing.status == ViewingStatus.PROPOSED
    assert viewing.starts_at == wall(4, 16).replace(tzinfo=AMSTERDAM).astimezone(UTC)
    assert published[-1][0] == events.VIEWING_PROPOSED
    assert mail.outbox[-1].to == ["ann@example.net"]
    # then: Ann sees it (in New York time) and accepts it
    page = as_ann.get(reverse("portal:viewing_detail", args=[viewing.pk]))
    assert viewing.starts_at.astimezone(NEW_YORK).strftime("%H:%M").encode() in page.content
    assert reverse("portal:viewing_accept", args=[viewing.pk]).encode() in page.content
    with django_capture_on_commit_callbacks(execute=True):
        as_ann.post(reverse("portal:viewing_accept", args=[viewing.pk]))

    viewing.refresh_from_db()
    assert viewing.status == ViewingStatus.CONFIRMED
    assert viewing.appointment.assigned_to == alice
    assert viewing.appointment.occurred_at == viewing.starts_at
    assert mail.outbox[-1].to == ["alice@example.com"]


def test_client_declines_a_proposed_time(as_ann, as_alice, offer):
    ask(as_ann, offer, wall(3, 10))
    viewing = ViewingRequest.objects.get()
    as_alice.post(reverse("portal_staff:viewing_propose", args=[viewing.pk]),
                  {"starts_at": field(wall(4, 16))})  # fmt: skip

    as_ann.post(reverse("portal:viewing_cancel", args=[viewing.pk]), {"reason": "I'm away"})

    viewing.refresh_from_db()
    assert viewing.status == ViewingStatus.CANCELLED
    assert viewing.cancelled_by == "client"
    assert viewing.cancel_reason == "I'm away"
    assert viewing.appointment is None


def test_client_cancels_a_confirmed_viewing_and_the_appointment_goes(
    as_ann, as_alice, alice, offer, published, django_capture_on_commit_callbacks
):
    ask(as_ann, offer, wall(3, 10))
    viewing = ViewingRequest.objects.get()
    as_alice.post(reverse("portal_staff:viewing_confirm", args=[viewing.pk]), {"slot": "1"})
    appointment_pk = ViewingRequest.objects.get().appointment_id

    with django_capture_on_commit_callbacks(execute=True):
        response = as_ann.post(reverse("portal:viewing_cancel", args=[viewing.pk]), {"reason": ""})

    assert response.status_code == 302
    viewing.refresh_from_db()
    assert viewing.status == ViewingStatus.CANCELLED
    assert viewing.cancelled_by == "client"
    assert not Activity.objects.filter(pk=appointment_pk).exists()
    assert published[-1][0] == events.VIEWING_CANCELLED
    # Alice is e-mailed a link only
    assert mail.outbox[-1].to == ["alice@example.com"]
    assert reverse("portal_staff:viewing_list") in mail.outbox[-1].body
    assert not any(uid.startswith(f"activity-{appointment_pk}@") for uid in feed_uids(alice))


def test_agent_cancels_and_the_client_is_told(
    as_ann, as_alice, ann, offer, django_capture_on_commit_callbacks
):
    ask(as_ann, offer, wall(3, 10))
    viewing = ViewingRequest.objects.get()
    as_alice.post(reverse("portal_staff:viewing_confirm", args=[viewing.pk]), {"slot": "1"})

    with django_capture_on_commit_callbacks(execute=True):
        as_alice.post(reverse("portal_staff:viewing_cancel", args=[viewing.pk]),
                      {"reason": "The seller withdrew"})  # fmt: skip

    viewing.refresh_from_db()
    assert viewing.status == ViewingStatus.CANCELLED
    assert viewing.cancelled_by == "agent"
    assert viewing.appointment is None
    assert mail.outbox[-1].to == ["ann@example.net"]
    assert "The seller withdrew" not in mail.outbox[-1].body  # a link, never the message
    page = as_ann.get(reverse("portal:viewing_detail", args=[viewing.pk]))
    assert b"Your agent cancelled this viewing." in page.content


def test_feedback_waits_until_after_the_viewing(as_ann, as_alice, offer):
    ask(as_ann, offer, wall(3, 10))
    viewing = ViewingRequest.objects.get()
    as_alice.post(reverse("portal_staff:viewing_confirm", args=[viewing.pk]), {"slot": "1"})

    as_ann.post(reverse("portal:viewing_feedback", args=[viewing.pk]),
                {"feedback": "Too early", "still_interested": "no"})  # fmt: skip

    viewing.refresh_from_db()
    assert viewing.feedback == ""
    assert viewing.feedback_at is None


def test_request_goes_to_the_contacts_owner_when_nobody_offered_it(as_ann, ann, alice):
    offer = OfferFactory(contact=ann.contact, offered_by=None)

    ask(as_ann, offer, wall(3, 10))

    assert ViewingRequest.objects.get().agent == alice
    assert Task.objects.get().assignee == alice


def test_viewing_list_keeps_a_constant_number_of_queries(as_ann, ann, offer):
    def load() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            assert as_ann.get(reverse("portal:viewing_list")).status_code == 200
        return len(ctx)

    ask(as_ann, offer, wall(3, 10))
    one = load()
    for _ in range(4):
        other = OfferFactory(contact=ann.contact)
        ask(as_ann, other, wall(3, 11), wall(4, 11))
    assert load() == one


def test_client_cannot_cancel_a_viewing_that_took_place(as_ann, as_alice, offer):
    ask(as_ann, offer, wall(3, 10))
    viewing = ViewingRequest.objects.get()
    as_alice.post(reverse("portal_staff:viewing_confirm", args=[viewing.pk]), {"slot": "1"})
    ViewingRequest.objects.filter(pk=viewing.pk).update(
        starts_at=timezone.now() - timedelta(hours=1)
    )

    as_ann.post(reverse("portal:viewing_cancel", args=[viewing.pk]), {"reason": ""})

    viewing.refresh_from_db()
    assert viewing.status == ViewingStatus.CONFIRMED
    assert viewing.appointment is not None


def test_colleague_of_a_personal_contact_cannot_confirm(as_ann, as_bob, ann, offer):
    ask(as_ann, offer, wall(3, 10))
    viewing = ViewingRequest.objects.get()
    type(ann.contact).objects.filter(pk=ann.contact.pk).update(visibility="personal")

    response = as_bob.post(
        reverse("portal_staff:viewing_confirm", args=[viewing.pk]), {"slot": "1"}
    )

    assert response.status_code == 404
    viewing.refresh_from_db()
    assert viewing.status == ViewingStatus.REQUESTED
    assert (
        f'id="viewing-{viewing.pk}"'.encode()
        not in as_bob.get(reverse("portal_staff:viewing_list")).content
    )


def test_staff_viewing_list_keeps_a_constant_number_of_queries(as_ann, as_alice, ann, offer):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def load() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert as_alice.get(reverse("portal_staff:viewing_list")).status_code == 200
        return len(ctx)

    ask(as_ann, offer, wall(3, 10))
    one = load()
    for _ in range(4):
        ask(as_ann, OfferFactory(contact=ann.contact), wall(3, 11), wall(4, 12))
    assert load() == one

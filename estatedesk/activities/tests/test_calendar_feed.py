"""The private iCalendar feed: parses, holds exactly the user's tasks and appointments at the
right times, and refuses a wrong, old or revoked token; single appointments as .ics."""

import zoneinfo
from datetime import UTC, datetime, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from estatedesk.activities import services
from estatedesk.activities.choices import ActivityType
from estatedesk.activities.models import CalendarFeed
from estatedesk.contacts.tests.factories import ContactFactory

from .factories import ActivityFactory, TaskFactory

pytestmark = pytest.mark.django_db

AMSTERDAM = zoneinfo.ZoneInfo("Europe/Amsterdam")


def feed(token: str):
    return Client().get(reverse("activities:calendar_feed", args=[token]))


def events(response) -> dict[str, object]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    return {str(e["UID"]): e for e in calendar.walk("VEVENT")}


@pytest.fixture
def world(alice, bob):
    """Alice's tasks and appointments, and things that are not hers."""
    contact = ContactFactory(owner=alice, first_name="Eva", last_name="Smit")
    future = timezone.now() + timedelta(days=3)
    return {
        "task": TaskFactory(record=contact, title="Call Eva",
                            due_at=datetime(2026, 7, 1, 8, 0, tzinfo=UTC)),
        "organised": ActivityFactory(
            records=[contact], kind=ActivityType.APPOINTMENT, subject="Viewing",
            occurred_at=datetime(2030, 3, 31, 12, 0, tzinfo=UTC),
            ends_at=datetime(2030, 3, 31, 13, 0, tzinfo=UTC), location="Damrak 1",
        ),
        "attending": ActivityFactory(
            records=[contact], actor=bob, kind=ActivityType.MEETING, subject="Bank meeting",
            assigned_to=alice, occurred_at=future,
        ),
        # not Alice's: Bob's own meeting, Bob's task, Alice's done task, a call (no appointment)
        "bobs_meeting": ActivityFactory(records=[contact], actor=bob, kind=ActivityType.MEETING,
                                        subject="Bob alone", occurred_at=future),
        "bobs_task": TaskFactory(record=contact, actor=bob, title="Bob's task"),
        "done_task": TaskFactory(record=contact, title="Done already"),
        "call": ActivityFactory(records=[contact], subject="Just a call"),
    }  # fmt: skip


def test_feed_holds_exactly_my_open_tasks_and_my_appointments(alice, world):
    services.task_set_done(task=world["done_task"], actor=alice)
    token = services.calendar_feed_regenerate(actor=alice)

    found = events(feed(token))

    assert set(found) == {
        f"task-{world['task'].pk}@127.0.0.1",
        f"activity-{world['organised'].pk}@127.0.0.1",
        f"activity-{world['attending'].pk}@127.0.0.1",
    }


def test_feed_times_are_the_stored_moments_shown_in_office_time(alice, world):
    token = services.calendar_feed_regenerate(actor=alice)
    found = events(feed(token))

    task = found[f"task-{world['task'].pk}@127.0.0.1"]
    start = task.decoded("DTSTART")
    assert start == datetime(2026, 7, 1, 8, 0, tzinfo=UTC)
    assert start.astimezone(AMSTERDAM).strftime("%Y-%m-%d %H:%M") == "2026-07-01 10:00"
    assert str(task["SUMMARY"]) == "Task: \u2068Call Eva\u2069"  # the title isolated (bidi)

    # an appointment right after the spring clock change: 14:00 summer time
    viewing = found[f"activity-{world['organised'].pk}@127.0.0.1"]
    assert viewing.decoded("DTSTART").astimezone(AMSTERDAM).strftime("%H:%M") == "14:00"
    assert viewing.decoded("DTEND") - viewing.decoded("DTSTART") == timedelta(hours=1)
    assert str(viewing["LOCATION"]) == "Damrak 1"
    assert "Eva Smit" in str(viewing["SUMMARY"])
    calendar = Calendar.from_ical(feed(token).content)
    assert str(calendar["X-WR-TIMEZONE"]) == "Europe/Amsterdam"


def test_a_wrong_token_is_refused(alice, world):
    token = services.calendar_feed_regenerate(actor=alice)
    assert feed("not-the-token").status_code == 404
    assert feed(token[:-1]).status_code == 404
    assert feed(token.upper() if token.upper() != token else token.lower()).status_code == 404
    assert Client().get("/calendar/feed/.ics").status_code == 404


def test_a_regenerated_token_replaces_the_old_one(alice, world):
    old = services.calendar_feed_regenerate(actor=alice)
    new = services.calendar_feed_regenerate(actor=alice)
    assert old != new
    assert feed(old).status_code == 404
    assert feed(new).status_code == 200


def test_only_a_hash_of_the_token_is_stored(alice):
    token = services.calendar_feed_regenerate(actor=alice)
    stored = CalendarFeed.objects.get(user=alice).token_hash
    assert token not in stored
    assert len(stored) == 64


def test_revoked_feed_and_deactivated_user_are_refused(alice, bob, world):
    token = services.calendar_feed_regenerate(actor=alice)
    services.calendar_feed_revoke(actor=alice)
    assert feed(token).status_code == 404

    token = services.calendar_feed_regenerate(actor=bob)
    type(bob).objects.filter(pk=bob.pk).update(is_active=False)
    assert feed(token).status_code == 404


def test_settings_page_makes_the_address_and_shows_it_once(as_alice, alice, world):
    response = as_alice.post(reverse("activities:calendar_settings"), {"action": "regenerate"})
    html = response.content.decode()
    url = html.split('id="feed-url-input" type="text" readonly value="')[1].split('"')[0]
    assert Client().get(url.replace("http://testserver", "")).status_code == 200
    again = as_alice.get(reverse("activities:calendar_settings")).content.decode()
    assert url not in again


def test_an_appointment_downloads_as_an_ics_file(as_alice, world):
    response = as_alice.get(reverse("activities:activity_ics", args=[world["organised"].pk]))
    found = events(response)
    assert "attachment" in response["Content-Disposition"]
    (event,) = found.values()
    assert event.decoded("DTSTART") == datetime(2030, 3, 31, 12, 0, tzinfo=UTC)


def test_a_call_has_no_ics(as_alice, world):
    assert as_alice.get(reverse("activities:activity_ics",
                                args=[world["call"].pk])).status_code == 404  # fmt: skip

"""Activities and tasks through the API: the activities services do the writes; what hangs on a
record you may not see does not exist."""

from datetime import timedelta

import pytest
from django.utils import timezone

from estatedesk.activities.models import Activity, ActivityLink, Reminder, Task
from estatedesk.activities.tests.factories import ActivityFactory, TaskFactory
from estatedesk.contacts.tests.factories import ContactFactory, LeadFactory, RelationFactory
from estatedesk.core.choices import Visibility
from estatedesk.core.testing.api import result_ids, results
from estatedesk.core.testing.queries import count_queries


@pytest.fixture
def api(alice_api):
    return alice_api


def ref(record, kind):
    return {"record_type": kind, "id": record.pk}


# --- activities ---------------------------------------------------------------------------------


def test_log_activity_on_several_records(api, alice):
    contact = ContactFactory(owner=alice)
    lead = LeadFactory(owner=alice)
    when = timezone.now() - timedelta(hours=2)

    response = api.post(
        "/api/activities/",
        {"kind": "call", "direction": "in", "occurred_at": when.isoformat(), "body": "Asked about",
         "duration_minutes": 5, "outcome": "connected",
         "records": [ref(contact, "contact"), ref(lead, "lead")]},
        format="json",
    )  # fmt: skip

    assert response.status_code == 201, response.content
    body = response.json()
    activity = Activity.objects.get(pk=body["id"])
    assert activity.logged_by_id == alice.pk
    assert {(r["record_type"], r["id"]) for r in body["records"]} == {
        ("contact", contact.pk), ("lead", lead.pk),
    }  # fmt: skip
    contact.refresh_from_db()
    assert contact.last_contacted_at == when  # the service's side effect


def test_fields_a_kind_does_not_have_are_dropped(api, alice):
    contact = ContactFactory(owner=alice)
    response = api.post(
        "/api/activities/",
        {"kind": "note", "body": "Likes gardens", "duration_minutes": 5, "direction": "in",
         "records": [ref(contact, "contact")]},
        format="json",
    )  # fmt: skip
    assert response.status_code == 201
    assert (response.json()["duration_minutes"], response.json()["direction"]) == (None, "")


def test_activity_on_invisible_record_is_refused(alice, bob, token_client):
    hidden = ContactFactory(owner=alice, visibility=Visibility.PERSONAL)
    response = token_client(bob).post(
        "/api/activities/",
        {"kind": "note", "body": "x", "records": [ref(hidden, "contact")]},
        format="json",
    )
    assert response.status_code == 400
    assert "records" in response.json()
    assert not Activity.objects.exists()


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"kind": "note", "body": "x", "records": []}, "records"),
        ({"kind": "telegram", "body": "x"}, "kind"),
        ({"kind": "note", "body": ""}, "body"),
        ({"kind": "meeting", "occurred_at": "2030-01-02T10:00:00Z",
          "ends_at": "2030-01-02T09:00:00Z"}, "ends_at"),
    ],
)  # fmt: skip
def test_activity_validation_errors_name_the_field(api, alice, data, field):
    contact = ContactFactory(owner=alice)
    data = {"records": [ref(contact, "contact")], **data}
    response = api.post("/api/activities/", data, format="json")
    assert response.status_code == 400
    assert field in response.json()


def test_only_who_logged_it_changes_it(alice, bob, token_client):
    contact = ContactFactory(owner=alice)
    activity = ActivityFactory(records=[contact], actor=alice, kind="note", body="First")
    url = f"/api/activities/{activity.pk}/"

    as_bob = token_client(bob)
    assert as_bob.get(url).status_code == 200
    assert as_bob.patch(url, {"body": "Bob's"}, format="json").status_code == 403
    assert as_bob.delete(url).status_code == 403

    as_alice = token_client(alice)
    response = as_alice.patch(url, {"body": "Changed"}, format="json")
    assert response.status_code == 200
    assert response.json()["body"] == "Changed"
    other = ContactFactory(owner=alice)
    response = as_alice.patch(url, {"records": [ref(other, "contact")]}, format="json")
    assert response.status_code == 400
    assert "records" in response.json()
    # A PUT of what GET returned leaves the records alone.
    shown = as_alice.get(url).json()
    response = as_alice.put(url, {**shown, "subject": "Round trip"}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["records"] == shown["records"]
    assert as_alice.delete(url).status_code == 204
    assert not Activity.objects.filter(pk=activity.pk).exists()


def test_activity_filters(api, alice):
    contact = ContactFactory(owner=alice)
    relation = RelationFactory(owner=alice)
    now = timezone.now()
    old_call = ActivityFactory(records=[contact], kind="call", occurred_at=now - timedelta(days=10))
    new_note = ActivityFactory(records=[contact], kind="note", occurred_at=now - timedelta(days=1))
    other = ActivityFactory(records=[relation], kind="call", occurred_at=now - timedelta(days=1))

    assert result_ids(api.get(f"/api/activities/?contact={contact.pk}")) == {
        old_call.pk,
        new_note.pk,
    }
    assert result_ids(api.get(f"/api/activities/?relation={relation.pk}")) == {other.pk}
    assert result_ids(api.get("/api/activities/?kind=call")) == {old_call.pk, other.pk}
    since = (now - timedelta(days=5)).isoformat()
    assert result_ids(api.get("/api/activities/", {"occurred_from": since})) == {
        new_note.pk,
        other.pk,
    }
    assert result_ids(api.get("/api/activities/", {"occurred_to": since, "kind": "call"})) == {
        old_call.pk
    }
    rows = results(api.get("/api/activities/"))
    assert rows[-1]["id"] == old_call.pk  # newest first


def test_records_the_reader_cannot_see_are_not_named(alice, bob, token_client):
    shared = ContactFactory(owner=alice)
    personal = ContactFactory(owner=alice, visibility=Visibility.PERSONAL)
    activity = ActivityFactory(records=[shared, personal], actor=alice)

    body = token_client(bob).get(f"/api/activities/{activity.pk}/").json()
    assert [(r["record_type"], r["id"]) for r in body["records"]] == [("contact", shared.pk)]
    assert ActivityLink.objects.filter(activity=activity).count() == 2


# --- tasks --------------------------------------------------------------------------------------


def test_create_task_with_reminder(api, alice, bob):
    contact = ContactFactory(owner=alice)
    due = timezone.now() + timedelta(days=2)
    remind = due - timedelta(hours=3)

    response = api.post(
        "/api/tasks/",
        {"title": "Call back", "due_at": due.isoformat(), "assignee": bob.pk,
         "remind_at": remind.isoformat(), "record": ref(contact, "contact")},
        format="json",
    )  # fmt: skip

    assert response.status_code == 201, response.content
    body = response.json()
    task = Task.objects.get(pk=body["id"])
    assert (task.assignee_id, task.created_by_id, task.contact_id) == (bob.pk, alice.pk,
                                                                       contact.pk)  # fmt: skip
    assert Reminder.objects.get(task=task).remind_at == remind.replace(microsecond=0)
    assert body["record"] == {"record_type": "contact", "id": contact.pk, "name": str(contact)}
    assert body["remind_at"] is not None
    assert body["is_done"] is False


def test_assignee_must_see_the_record(api, alice, bob):
    personal = ContactFactory(owner=alice, visibility=Visibility.PERSONAL)
    response = api.post(
        "/api/tasks/",
        {"title": "X", "due_at": timezone.now().isoformat(), "assignee": bob.pk,
         "record": ref(personal, "contact")},
        format="json",
    )  # fmt: skip
    assert response.status_code == 400
    assert "assignee" in response.json()


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"title": "", "due_at": "2030-01-01T10:00:00Z"}, "title"),
        ({"title": "X"}, "due_at"),
        ({"title": "X", "due_at": "2030-01-01T10:00:00Z", "priority": "urgent"}, "priority"),
        ({"title": "X", "due_at": "2030-01-01T10:00:00Z", "record": None}, "record"),
    ],
)
def test_task_validation_errors_name_the_field(api, alice, data, field):
    contact = ContactFactory(owner=alice)
    data = {"record": ref(contact, "contact"), **data}
    response = api.post("/api/tasks/", data, format="json")
    assert response.status_code == 400
    assert field in response.json()


def test_complete_and_reopen_task(api, alice):
    task = TaskFactory(record=ContactFactory(owner=alice))
    response = api.post(f"/api/tasks/{task.pk}/complete/", {}, format="json")
    assert response.status_code == 200
    assert response.json()["is_done"] is True
    task.refresh_from_db()
    assert task.done_at is not None

    response = api.post(f"/api/tasks/{task.pk}/complete/", {"done": False}, format="json")
    assert response.json()["is_done"] is False


def test_update_and_delete_task(api, alice):
    task = TaskFactory(record=ContactFactory(owner=alice))
    response = api.patch(f"/api/tasks/{task.pk}/", {"title": "New title", "priority": "high"},
                         format="json")  # fmt: skip
    assert response.status_code == 200, response.content
    task.refresh_from_db()
    assert (task.title, task.priority) == ("New title", "high")
    other = ContactFactory(owner=alice)
    response = api.patch(f"/api/tasks/{task.pk}/", {"record": ref(other, "contact")},
                         format="json")  # fmt: skip
    assert response.status_code == 400
    assert "record" in response.json()
    shown = api.get(f"/api/tasks/{task.pk}/").json()
    response = api.put(f"/api/tasks/{task.pk}/", {**shown, "notes": "Round trip"}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["record"] == shown["record"]
    assert api.delete(f"/api/tasks/{task.pk}/").status_code == 204
    assert not Task.objects.filter(pk=task.pk).exists()


def test_colleague_who_neither_made_nor_has_it_cannot_delete(alice, bob, token_client):
    task = TaskFactory(record=ContactFactory(owner=alice))
    assert token_client(bob).delete(f"/api/tasks/{task.pk}/").status_code == 403


def test_task_filters(api, alice, bob):
    contact = ContactFactory(owner=alice)
    lead = LeadFactory(owner=alice)
    now = timezone.now()
    mine = TaskFactory(record=contact, due_at=now + timedelta(days=1))
    bobs = TaskFactory(record=lead, assignee=bob, due_at=now + timedelta(days=5))
    done = TaskFactory(record=contact, due_at=now + timedelta(days=2))
    done.done_at = now
    done.save()

    assert result_ids(api.get("/api/tasks/?assignee=me")) == {mine.pk, done.pk}
    assert result_ids(api.get(f"/api/tasks/?assignee={bob.pk}")) == {bobs.pk}
    assert result_ids(api.get("/api/tasks/?done=false")) == {mine.pk, bobs.pk}
    assert result_ids(api.get("/api/tasks/?done=true")) == {done.pk}
    assert result_ids(api.get(f"/api/tasks/?lead={lead.pk}")) == {bobs.pk}
    cut = (now + timedelta(days=3)).isoformat()
    assert result_ids(api.get("/api/tasks/", {"due_from": cut})) == {bobs.pk}
    assert result_ids(api.get("/api/tasks/", {"due_to": cut})) == {mine.pk, done.pk}
    assert [r["id"] for r in results(api.get("/api/tasks/"))] == [mine.pk, done.pk, bobs.pk]


@pytest.mark.parametrize("url", ["/api/activities/", "/api/tasks/"])
def test_list_queries_do_not_grow_with_rows(api, alice, url):
    def make(n):
        for _ in range(n):
            contact = ContactFactory(owner=alice)
            lead = LeadFactory(owner=alice)
            ActivityFactory(records=[contact, lead])
            TaskFactory(record=contact, remind_at=timezone.now() + timedelta(hours=1))

    api.get(url)
    make(2)
    with count_queries() as few:
        assert len(results(api.get(url))) == 2
    make(8)
    with count_queries() as many:
        assert len(results(api.get(url))) == 10
    assert len(many) == len(few)


@pytest.mark.parametrize("path", ["/api/activities/?occurred_from=", "/api/tasks/?due_to="])
def test_time_filters_take_any_iso_offset(api, alice, path):
    # ISO 8601 allows offsets up to ±23:59; PostgreSQL refuses past ±15:59 unless the value
    # is turned into UTC first (found by Schemathesis on PostgreSQL).
    ActivityFactory(records=[ContactFactory(owner=alice)])
    response = api.get(path + "2026-03-03T19:41:26%2B23:35")
    assert response.status_code == 200, response.content

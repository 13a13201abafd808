"""Events from the services become deliveries: one per matching active webhook of the same
office, only once the save commits, with payloads of the record's own data."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from estatedesk.activities import reminders
from estatedesk.activities import services as activity_services
from estatedesk.activities.tests.factories import TaskFactory
from estatedesk.contacts import conversion
from estatedesk.contacts import services as contact_services
from estatedesk.contacts.choices import LeadStatus
from estatedesk.contacts.models import Contact, Lead
from estatedesk.contacts.tests.factories import ContactFactory
from estatedesk.core import events
from estatedesk.core.choices import Visibility
from estatedesk.webhooks.models import Delivery

from .factories import WebhookFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def hook(office, admin):
    return WebhookFactory(office=office, created_by=admin)


def new_lead(actor, **fields) -> Lead:
    fields.setdefault("first_name", "Noor")
    fields.setdefault("last_name", "Visser")
    return contact_services.record_save(record=Lead(**fields), actor=actor)


def deliveries(event=None):
    qs = Delivery.objects.order_by("pk")
    return list(qs.filter(event=event) if event else qs)


def test_creating_a_lead_makes_one_lead_created_delivery(hook, alice):
    lead = new_lead(alice)

    [delivery] = deliveries()
    assert (delivery.webhook, delivery.event, delivery.office_id) == (hook, "lead.created",
                                                                      alice.office_id)  # fmt: skip
    assert delivery.status == "pending"
    assert delivery.payload == {
        "type": "lead",
        "id": lead.pk,
        "visibility": "office",
        "owner_id": alice.pk,
        "is_active": True,
        "created_at": lead.created_at.isoformat(),
        "updated_at": lead.updated_at.isoformat(),
        "first_name": "Noor",
        "last_name": "Visser",
        "company": "",
        "status": "prospect",
        "source_id": None,
        "converted_contact_id": None,
        "converted_at": None,
    }


def test_changing_a_lead_status_makes_one_status_changed_delivery(hook, alice):
    lead = new_lead(alice)
    lead.last_name = "Visser-Bakker"
    contact_services.record_save(record=lead, actor=alice)  # no status change: no event
    assert deliveries("lead.status_changed") == []

    lead.status = LeadStatus.QUALIFIED
    contact_services.record_save(record=lead, actor=alice)

    [delivery] = deliveries("lead.status_changed")
    assert delivery.payload["status"] == "qualified"
    assert delivery.payload["previous_status"] == "prospect"
    assert delivery.payload["last_name"] == "Visser-Bakker"


def test_converting_a_lead_makes_a_converted_and_a_contact_created_delivery(hook, alice):
    lead = new_lead(alice, status=LeadStatus.QUALIFIED)

    contact = conversion.lead_convert(lead=lead, actor=alice)

    [converted] = deliveries("lead.converted")
    assert converted.payload["id"] == lead.pk
    assert converted.payload["status"] == "won"
    assert converted.payload["converted_contact_id"] == contact.pk
    assert converted.payload["contact"]["id"] == contact.pk
    [created] = deliveries("contact.created")
    assert created.payload["id"] == contact.pk


def test_contacts_created_and_updated(hook, alice):
    contact = contact_services.record_save(
        record=Contact(first_name="Sem", last_name="de Vries"), actor=alice
    )
    contact.city = "Utrecht"
    contact_services.record_save(record=contact, actor=alice)

    assert [d.event for d in deliveries()] == ["contact.created", "contact.updated"]
    assert all(d.payload["id"] == contact.pk for d in deliveries())


def test_a_webhook_gets_only_the_events_it_chose(office, alice):
    WebhookFactory(office=office, events=["contact.created"])

    new_lead(alice)

    assert deliveries() == []


def test_an_inactive_webhook_gets_nothing(office, alice):
    WebhookFactory(office=office, is_active=False)
    new_lead(alice)
    assert deliveries() == []


def test_another_offices_webhook_never_hears_of_an_offices_events(hook, other_office, alice,
                                                                  carol):  # fmt: skip
    theirs = WebhookFactory(office=other_office)

    lead = new_lead(alice)
    lead.status = LeadStatus.QUALIFIED
    contact_services.record_save(record=lead, actor=alice)
    conversion.lead_convert(lead=lead, actor=alice)
    new_lead(carol, first_name="Carla")

    assert {d.webhook_id for d in deliveries() if d.payload.get("first_name") != "Carla"} == {
        hook.pk
    }
    [carols] = Delivery.objects.filter(webhook=theirs)
    assert carols.office_id == other_office.id
    assert carols.payload["first_name"] == "Carla"


def test_a_personal_record_s_event_carries_no_names(hook, alice):
    lead = new_lead(alice, visibility=Visibility.PERSONAL, company="Visser BV")

    [delivery] = deliveries()
    assert delivery.payload["id"] == lead.pk
    assert delivery.payload["visibility"] == "personal"
    assert not {"first_name", "last_name", "company"} & set(delivery.payload)


def test_a_save_that_fails_publishes_nothing(hook, alice):
    with pytest.raises(ValidationError):
        new_lead(alice, status="no-such-status")
    assert deliveries() == []


def test_deliveries_are_queued_only_once_the_save_commits(
    hook, alice, django_capture_on_commit_callbacks
):
    from django_tasks_db.models import DBTaskResult

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        new_lead(alice)
        assert not DBTaskResult.objects.exists()
    for callback in callbacks:
        callback()

    [delivery] = deliveries()
    queued = DBTaskResult.objects.filter(task_path__endswith="deliver_webhook").order_by(
        "run_after"
    )
    # Now, and once more after the lease, for a worker that dies mid-send.
    assert [q.args_kwargs["args"] for q in queued] == [[delivery.pk], [delivery.pk]]


def test_a_due_task_reminder_makes_one_task_due_delivery_per_due_time(hook, alice):
    contact = ContactFactory(owner=alice, first_name="Noor")
    task = TaskFactory(
        record=contact, title="Call back", remind_at=timezone.now() - timedelta(minutes=1)
    )

    assert reminders.reminders_process_due() == {"sent": 1}
    # The reminder is moved and sent again, for the same due time: no second event
    activity_services.task_update(
        task=task, actor=alice, remind_at=timezone.now() - timedelta(seconds=30)
    )
    assert reminders.reminders_process_due() == {"sent": 1}

    [delivery] = deliveries("task.due")
    assert delivery.payload["id"] == task.pk
    assert delivery.payload["title"] == "Call back"
    assert delivery.payload["record"] == {"type": "contact", "id": contact.pk}
    assert delivery.payload["assignee_id"] == alice.pk

    # A new due time is a new event
    activity_services.task_update(
        task=task, actor=alice, due_at=timezone.now() + timedelta(days=2),
        remind_at=timezone.now() - timedelta(seconds=10),
    )  # fmt: skip
    assert reminders.reminders_process_due() == {"sent": 1}
    assert len(deliveries("task.due")) == 2


def test_publish_refuses_unknown_events():
    with pytest.raises(ValueError, match="Unknown event"):
        events.publish("lead.deleted", office_id=1, payload={})


@pytest.mark.usefixtures("allow_private")
def test_a_lead_created_reaches_a_receiver_once_however_often_its_task_runs(
    office, admin, alice, receiver, django_capture_on_commit_callbacks
):
    import json

    from django_tasks_db.models import DBTaskResult

    from estatedesk.webhooks.tasks import deliver_due_webhooks, deliver_webhook

    # Given a webhook to a receiver on 127.0.0.1, and a lead created (its tasks queued on commit)
    hook = WebhookFactory(office=office, url=receiver.url, events=["lead.created"])
    with django_capture_on_commit_callbacks(execute=True):
        lead = new_lead(alice)

    # When every queued task runs (the immediate one and the takeover), then the sweeper
    queued = DBTaskResult.objects.filter(task_path__endswith="deliver_webhook")
    outcomes = [deliver_webhook.call(*q.args_kwargs["args"]) for q in queued]
    outcomes.append(deliver_due_webhooks.call())

    # Then the receiver got the event once
    assert outcomes == ["succeeded", "not claimed", {}]
    [request] = receiver.requests
    body = json.loads(request.body)
    assert (body["event"], body["data"]["id"], body["office_id"]) == (
        "lead.created", lead.pk, office.pk,
    )  # fmt: skip
    assert Delivery.objects.get(webhook=hook).status == "succeeded"

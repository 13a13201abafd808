"""Portal actions land on the contact's timeline, move its last activity and raise an event."""

from estatedesk.activities.models import Activity
from estatedesk.core import events
from estatedesk.portal.services.timeline import portal_action_record


def test_client_action_is_a_portal_activity_and_an_event(ann):
    seen = []

    def listen(event, *, office_id, payload, event_id):
        seen.append((event, office_id, payload["contact_id"], payload["by"]))

    events.subscribe(events.OFFER_REACTED, listen)
    try:
        activity = portal_action_record(contact=ann.contact, actor=ann.user,
                                        subject="Rated a property", event=events.OFFER_REACTED,
                                        payload={"offer_id": 1})  # fmt: skip
    finally:
        events.unsubscribe(events.OFFER_REACTED, listen)

    ann.contact.refresh_from_db()
    assert activity.kind == "portal"
    assert Activity.objects.filter(links__contact=ann.contact, kind="portal").count() == 1
    assert ann.contact.last_contacted_at == activity.occurred_at
    assert seen == [(events.OFFER_REACTED, ann.office_id, ann.contact.pk, "client")]


def test_agent_action_leaves_last_contacted_alone(ann, alice):
    portal_action_record(contact=ann.contact, actor=alice, subject="Offered a property",
                         event=events.OFFER_CREATED, payload={}, by_client=False)  # fmt: skip

    ann.contact.refresh_from_db()
    assert ann.contact.last_contacted_at is None

"""In-process events: services publish what happened, other apps (webhooks) subscribe.

`publish` calls every subscriber at once, inside the caller's transaction: a subscriber may
only write rows and schedule work with `transaction.on_commit`, so that a rolled-back save
publishes nothing and a committed one everything. Payloads are JSON-safe dicts built from the
event's own record (`record_payload`, `task_payload`), never from another office.
"""

from __future__ import annotations

import logging
import uuid
from collections import defaultdict
from collections.abc import Callable
from datetime import date, datetime
from typing import Any, Protocol

logger = logging.getLogger(__name__)

LEAD_CREATED = "lead.created"
LEAD_STATUS_CHANGED = "lead.status_changed"
LEAD_CONVERTED = "lead.converted"
CONTACT_CREATED = "contact.created"
CONTACT_UPDATED = "contact.updated"
TASK_DUE = "task.due"
# The client portal (estatedesk.portal): what agents and clients do there.
PORTAL_ACCESS_CHANGED = "portal.access_changed"
OFFER_CREATED = "offer.created"
OFFER_WITHDRAWN = "offer.withdrawn"
OFFER_REACTED = "offer.reacted"
OFFER_MESSAGE = "offer.message"
VIEWING_REQUESTED = "viewing.requested"
VIEWING_PROPOSED = "viewing.proposed"
VIEWING_CONFIRMED = "viewing.confirmed"
VIEWING_CANCELLED = "viewing.cancelled"
VIEWING_FEEDBACK = "viewing.feedback"
EVENTS = (LEAD_CREATED, LEAD_STATUS_CHANGED, LEAD_CONVERTED, CONTACT_CREATED, CONTACT_UPDATED,
          TASK_DUE, PORTAL_ACCESS_CHANGED, OFFER_CREATED, OFFER_WITHDRAWN, OFFER_REACTED,
          OFFER_MESSAGE, VIEWING_REQUESTED, VIEWING_PROPOSED, VIEWING_CONFIRMED, VIEWING_CANCELLED,
          VIEWING_FEEDBACK)  # fmt: skip

# Deterministic event ids (for events that must happen once per key) live in this namespace.
EVENT_NAMESPACE = uuid.UUID("6f1b7a52-3c0e-4a55-9d0b-8f2f61b0c4e1")


class Subscriber(Protocol):
    def __call__(
        self, event: str, *, office_id: int, payload: dict[str, Any], event_id: uuid.UUID
    ) -> None: ...


_subscribers: dict[str, list[Callable[..., None]]] = defaultdict(list)


def subscribe(event: str, fn: Subscriber) -> None:
    """Call `fn(event, office_id=…, payload=…, event_id=…)` whenever `event` is published."""
    if event not in EVENTS:
        raise ValueError(f"Unknown event {event!r}")
    if fn not in _subscribers[event]:
        _subscribers[event].append(fn)


def unsubscribe(event: str, fn: Subscriber) -> None:
    if fn in _subscribers[event]:
        _subscribers[event].remove(fn)


def publish(
    event: str, *, office_id: int, payload: dict[str, Any], key: str | None = None
) -> uuid.UUID:
    """Tell the subscribers of `event` what happened in `office_id`; returns the event id.

    `key` makes the event id deterministic (the same key, the same id), for events that must
    reach a subscriber once however often they are published (`task.due` per task and due time).
    """
    if event not in EVENTS:
        raise ValueError(f"Unknown event {event!r}")
    event_id = uuid.uuid5(EVENT_NAMESPACE, f"{event}:{key}") if key else uuid.uuid4()
    for fn in list(_subscribers[event]):
        fn(event, office_id=office_id, payload=payload, event_id=event_id)
    return event_id


def _json(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def record_payload(record: Any, **extra: Any) -> dict[str, Any]:
    """What an event says about a lead or contact: ids, names, status, owner, times.

    An administrator cannot see colleagues' personal records, so neither can an office's
    webhook: a personal record's event carries ids, status, owner and times, but no names.
    """
    kind = type(record).__name__.lower()
    personal = getattr(record, "visibility", "office") == "personal"
    data: dict[str, Any] = {
        "type": kind,
        "id": record.pk,
        "visibility": getattr(record, "visibility", ""),
        "owner_id": getattr(record, "owner_id", None),
        "is_active": getattr(record, "is_active", True),
        "created_at": _json(getattr(record, "created_at", None)),
        "updated_at": _json(getattr(record, "updated_at", None)),
    }
    if not personal:
        data["first_name"] = getattr(record, "first_name", "")
        data["last_name"] = getattr(record, "last_name", "")
        if hasattr(record, "company"):
            data["company"] = record.company
    if hasattr(record, "status"):
        data["status"] = record.status
    if hasattr(record, "source_id"):
        data["source_id"] = record.source_id
    if hasattr(record, "converted_contact_id"):
        data["converted_contact_id"] = record.converted_contact_id
        data["converted_at"] = _json(record.converted_at)
    data.update({k: _json(v) for k, v in extra.items()})
    return data


def task_payload(task: Any, **extra: Any) -> dict[str, Any]:
    """What `task.due` says about a task: ids, title, due time, assignee, the record it is about.

    A task on a personal record leaves its title out (see `record_payload`).
    """
    record = getattr(task, "record", None)
    personal = getattr(record, "visibility", "office") == "personal"
    data: dict[str, Any] = {
        "type": "task",
        "id": task.pk,
        "due_at": _json(task.due_at),
        "priority": task.priority,
        "assignee_id": task.assignee_id,
        "created_by_id": task.created_by_id,
        "done_at": _json(task.done_at),
        "record": {"type": type(record).__name__.lower(), "id": record.pk} if record else None,
        "created_at": _json(task.created_at),
        "updated_at": _json(task.updated_at),
    }
    if not personal:
        data["title"] = task.title
    data.update({k: _json(v) for k, v in extra.items()})
    return data

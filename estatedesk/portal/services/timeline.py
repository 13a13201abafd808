"""Every portal action lands in the CRM: an activity on the contact's timeline (kind
*portal*), the contact's "last contacted" moved on, and a webhook event.

The portal's services call `portal_action_record` inside their own transaction, after they
checked who acts: a client through their access, or an agent on a contact they may see.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db.models import Q
from django.utils import timezone

from estatedesk.accounts.models import User
from estatedesk.activities.choices import ActivityType
from estatedesk.activities.models import Activity, ActivityLink
from estatedesk.contacts.models import Contact
from estatedesk.core import events


def portal_action_record(
    *,
    contact: Contact,
    actor: User,
    subject: str,
    body: str = "",
    event: str,
    payload: dict[str, Any],
    occurred_at: datetime | None = None,
    by_client: bool = True,
) -> Activity:
    """Record a portal action on `contact`'s timeline and publish `event` with `payload`.

    `actor` is the portal client (by_client) or the agent. A client's action counts as being
    in touch: it moves the contact's "last contacted" forward (never back).
    """
    when = occurred_at or timezone.now()
    activity = Activity.objects.create(
        office_id=contact.office_id,
        kind=ActivityType.PORTAL,
        occurred_at=when,
        subject=subject[:200],
        body=body,
        logged_by=actor,
    )
    ActivityLink.objects.create(office_id=contact.office_id, activity=activity, contact=contact)
    if by_client:
        Contact.objects.filter(pk=contact.pk).filter(
            Q(last_contacted_at__isnull=True) | Q(last_contacted_at__lt=when)
        ).update(last_contacted_at=when, updated_at=timezone.now())
    events.publish(
        event,
        office_id=contact.office_id,
        payload={
            "contact_id": contact.pk,
            "by": "client" if by_client else "agent",
            "actor_id": actor.pk,
            "occurred_at": when.isoformat(),
            **payload,
        },
    )
    return activity

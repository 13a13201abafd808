"""What the staff see of a contact's portal access: the contact page's Portal tab."""

from __future__ import annotations

from typing import Any

from estatedesk.activities.choices import ActivityType
from estatedesk.activities.models import Activity
from estatedesk.contacts.models import Contact
from estatedesk.core.http import StaffRequest

from ..models import PortalAccess

# The portal activities the tab lists (the contact's History tab has them all).
TAB_ACTIVITIES = 10


def contact_portal_tab(request: StaffRequest, contact: Contact) -> dict[str, Any]:
    """The Portal tab's context, in three queries: the access (with its login and inviter),
    the contact's addresses, its last portal activities. The detail page fetched `contact`
    through `visible_to`."""
    from ..forms_access import InviteForm

    access = (
        PortalAccess.objects.select_related("user", "invited_by")
        .filter(contact_id=contact.pk)
        .first()
    )
    addresses = list(contact.emails.values_list("email", flat=True))
    activities = list(
        Activity.objects.filter(
            office_id=contact.office_id,
            kind=ActivityType.PORTAL,
            links__contact_id=contact.pk,
        )
        .select_related("logged_by")
        .order_by("-occurred_at", "-pk")[:TAB_ACTIVITIES]
    )
    return {
        "portal_access": access,
        "portal_addresses": addresses,
        "portal_invite_form": InviteForm(addresses=addresses),
        "portal_activities": activities,
    }

"""Reads of viewing requests: the client's list and page, the staff's open requests and a
contact's Viewings tab. Each starts from the portal's visibility rule and prefetches what its
page shows, so a page runs the same number of queries whatever the number of viewings."""

from __future__ import annotations

import zoneinfo
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from estatedesk.accounts.models import User
from estatedesk.contacts.models import Contact

from ..choices import ViewingStatus
from ..models import PortalAccess, ViewingRequest

OPEN_STATUSES = (ViewingStatus.REQUESTED, ViewingStatus.PROPOSED)


def _with_details(queryset: QuerySet[ViewingRequest]) -> QuerySet[ViewingRequest]:
    return queryset.select_related("offer__property", "offer__contact", "requested_by", "agent")


def client_viewings(
    access: PortalAccess, contact_ids: list[int] | None = None
) -> QuerySet[ViewingRequest]:
    """The viewings of the client's space (theirs, and a sharing partner's), newest first."""
    return _with_details(ViewingRequest.objects.visible_to_client(access, contact_ids))


def client_viewing(
    access: PortalAccess, pk: int, contact_ids: list[int] | None = None
) -> ViewingRequest | None:
    return client_viewings(access, contact_ids).filter(pk=pk).first()


def staff_viewings(
    user: User, *, contact: Contact | None = None, status: str | None = None
) -> QuerySet[ViewingRequest]:
    """Viewing requests of contacts `user` may see (optionally one contact's, one status)."""
    queryset = _with_details(ViewingRequest.objects.visible_to(user))
    if contact is not None:
        queryset = queryset.filter(offer__contact=contact)
    if status:
        queryset = queryset.filter(status=status)
    return queryset


def open_viewings(user: User) -> QuerySet[ViewingRequest]:
    """What waits for the agent: requests to confirm and proposals not yet answered."""
    return staff_viewings(user).filter(status__in=OPEN_STATUSES).order_by("slot_1", "pk")


def viewing_tz(viewing: ViewingRequest, fallback: str) -> str:
    name = viewing.client_timezone or fallback
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return fallback
    return name


def localised(viewing: ViewingRequest, fallback: str) -> dict[str, Any]:
    """The viewing's times in the client's timezone, for a template."""
    tz = zoneinfo.ZoneInfo(viewing_tz(viewing, fallback))
    return {
        "viewing": viewing,
        "tz_name": str(tz),
        "can_feedback": (
            viewing.status == ViewingStatus.CONFIRMED
            and viewing.starts_at is not None
            and viewing.starts_at <= timezone.now()
            and viewing.feedback_at is None
        ),
        "can_cancel": viewing.status != ViewingStatus.CANCELLED
        and (viewing.starts_at is None or viewing.starts_at > timezone.now()),
    }

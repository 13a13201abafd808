"""What a seller or landlord sees of their own listing: figures in aggregate, never a buyer.

A contact linked to a property as seller, landlord or owner (`properties.PropertyLink`) reaches
that listing through a usable access. Everything shown is counted, averaged or anonymous: how
many clients it was offered to, their reactions (favourite / possible / not for me, the average
rating, the rejection reasons counted), viewings held and planned, viewing feedback texts, and
the agent's updates marked visible to the owner. No query here returns a buyer's name, contact
details, message or free-text reason: each page runs a fixed handful of aggregate queries.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Avg, Count, Q, QuerySet
from django.utils import timezone

from estatedesk.properties.choices import LinkRole
from estatedesk.properties.models import Property, PropertyLink

from ..choices import AccessStatus, Preference, ViewingStatus
from ..models import ListingUpdate, Offer, PortalAccess, Reaction, ViewingRequest

OWNER_ROLES = (LinkRole.SELLER, LinkRole.LANDLORD, LinkRole.OWNER)


def owner_listings(access: PortalAccess | None) -> QuerySet[Property]:
    """The properties the access's contact is linked to as seller, landlord or owner."""
    if access is None or access.status != AccessStatus.ACTIVE:
        return Property.objects.none()
    linked = PropertyLink.objects.filter(
        office_id=access.office_id, contact_id=access.contact_id, role__in=OWNER_ROLES
    ).values("property_id")
    return Property.objects.filter(office_id=access.office_id, pk__in=linked).order_by(
        "sort_name", "pk"
    )


@dataclass
class ReasonCount:
    name: str
    count: int


@dataclass
class ListingSummary:
    """A listing's figures for its owner (anonymous by construction)."""

    property: Property
    offered: int = 0
    favourite: int = 0
    possible: int = 0
    not_for_me: int = 0
    ratings: int = 0
    average_rating: Decimal | None = None
    reasons: list[ReasonCount] = field(default_factory=list)
    viewings_held: int = 0
    viewings_planned: int = 0
    feedback: list[str] = field(default_factory=list)
    updates: list[ListingUpdate] = field(default_factory=list)


def owner_listing(access: PortalAccess | None, pk: int) -> ListingSummary | None:
    """The summary of listing `pk` for its owner, or None when it is not theirs to see."""
    prop = owner_listings(access).filter(pk=pk).first()
    if prop is None:
        return None
    office_id = prop.office_id
    offers = Offer.objects.filter(office_id=office_id, property=prop, withdrawn_at__isnull=True)
    summary = ListingSummary(property=prop, offered=offers.count())
    reactions = Reaction.objects.filter(office_id=office_id, offer__in=offers)
    figures = reactions.aggregate(
        favourite=Count("pk", filter=Q(preference=Preference.FAVOURITE)),
        possible=Count("pk", filter=Q(preference=Preference.POSSIBLE)),
        not_for_me=Count("pk", filter=Q(preference=Preference.NOT_FOR_ME)),
        ratings=Count("rating"),
        average=Avg("rating"),
    )
    summary.favourite = figures["favourite"]
    summary.possible = figures["possible"]
    summary.not_for_me = figures["not_for_me"]
    summary.ratings = figures["ratings"]
    if figures["average"] is not None:
        summary.average_rating = Decimal(str(figures["average"])).quantize(Decimal("0.1"))
    reason_rows = (
        Reaction.reasons.through.objects.filter(reaction__in=reactions)
        .values("rejectionreason__name")
        .annotate(n=Count("pk"))
        .order_by("-n", "rejectionreason__name")
    )
    summary.reasons = [ReasonCount(r["rejectionreason__name"], r["n"]) for r in reason_rows]
    now = timezone.now()
    viewings = ViewingRequest.objects.filter(office_id=office_id, offer__in=offers)
    counts = viewings.filter(status=ViewingStatus.CONFIRMED).aggregate(
        held=Count("pk", filter=Q(starts_at__lte=now)),
        planned=Count("pk", filter=Q(starts_at__gt=now)),
    )
    summary.viewings_held = counts["held"]
    summary.viewings_planned = counts["planned"]
    summary.feedback = list(
        viewings.exclude(feedback="")
        .order_by("-feedback_at", "-pk")
        .values_list("feedback", flat=True)
    )
    summary.updates = list(
        ListingUpdate.objects.filter(office_id=office_id, property=prop, visible_to_owner=True)
    )
    return summary

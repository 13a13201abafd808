"""Reads of offers for the portal's pages and the staff's tabs, each in a fixed number of
queries whatever the number of offers (everything a card or a row shows is fetched here).

The client's reads start from `visible_to_client`, the staff's from `visible_to`.
"""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Prefetch, Q, QuerySet

from estatedesk.accounts.models import User
from estatedesk.contacts.models import Contact
from estatedesk.documents.models import Document
from estatedesk.properties.models import Property, PropertyPhoto

from ..choices import Side
from ..models import Offer, OfferMessage, PortalAccess, Reaction, RejectionReason


def _reactions() -> Prefetch[Any]:
    return Prefetch(
        "reactions",
        queryset=Reaction.objects.select_related("contact").prefetch_related(
            Prefetch("reasons", queryset=RejectionReason.objects.order_by("position", "name"))
        ),
    )


def _photos() -> Prefetch[Any]:
    return Prefetch("property__photos", queryset=PropertyPhoto.objects.order_by("position", "pk"))


def _thread() -> Prefetch[Any]:
    return Prefetch("messages", queryset=OfferMessage.objects.select_related("author", "contact"))


def _unread(side: str) -> Count:
    return Count("messages", filter=Q(messages__side=side, messages__read_at__isnull=True))


# --- the client's ---------------------------------------------------------------------------


def client_offers(*, access: PortalAccess, contact_ids: list[int]) -> list[Offer]:
    """The offers the client's space sees, newest first, with the first photo, reactions and
    the number of the agent's unread messages (`unread`)."""
    return list(
        Offer.objects.visible_to_client(access, contact_ids)
        .select_related("property", "contact")
        .prefetch_related(_photos(), _reactions())
        .annotate(unread=_unread(Side.AGENT))
        .order_by("-offered_at", "-pk")
    )


def client_offer(*, access: PortalAccess, contact_ids: list[int], pk: int) -> Offer | None:
    """One offer the client may reach, with what its page shows; None for anything else."""
    return (
        Offer.objects.visible_to_client(access, contact_ids)
        .select_related("property", "contact", "offered_by")
        .prefetch_related(
            _photos(),
            _reactions(),
            _thread(),
            Prefetch("documents", queryset=Document.objects.order_by("original_name", "pk")),
        )
        .annotate(unread=_unread(Side.AGENT))
        .filter(pk=pk)
        .first()
    )


def client_offer_for_file(*, access: PortalAccess, contact_ids: list[int], pk: int) -> Offer | None:
    """The offer alone (for a photo or a document behind it), if the client may reach it."""
    return Offer.objects.visible_to_client(access, contact_ids).filter(pk=pk).first()


def active_reasons(office_id: int) -> list[RejectionReason]:
    return list(RejectionReason.objects.filter(office_id=office_id, is_active=True))


def offer_thread(offer: Offer) -> list[OfferMessage]:
    return list(OfferMessage.objects.filter(offer=offer).select_related("author", "contact"))


# --- the staff's ----------------------------------------------------------------------------


def contact_offers(user: User, contact: Contact) -> list[Offer]:
    """A contact's offers (withdrawn ones last) with reactions, thread, shared documents and
    the number of the client's unread messages (`unread`)."""
    return list(
        Offer.objects.visible_to(user)
        .filter(office_id=contact.office_id, contact=contact)
        .select_related("property", "offered_by")
        .prefetch_related(_reactions(), _thread(), "documents")
        .annotate(unread=_unread(Side.CLIENT))
        .order_by("withdrawn_at", "-offered_at", "-pk")
    )


def property_offers(user: User, prop: Property) -> list[Offer]:
    """To whom the user may see a property was offered, with their reactions."""
    return list(
        Offer.objects.visible_to(user)
        .filter(office_id=prop.office_id, property=prop)
        .select_related("contact", "offered_by")
        .prefetch_related(_reactions())
        .annotate(unread=_unread(Side.CLIENT))
        .order_by("withdrawn_at", "-offered_at", "-pk")
    )


def staff_offer(user: User, pk: int) -> Offer | None:
    return (
        Offer.objects.visible_to(user).select_related("contact", "property").filter(pk=pk).first()
    )


def property_documents(user: User, property_ids: list[int]) -> QuerySet[Document]:
    """The documents of the visible ones among `property_ids` (what may be shared)."""
    visible = Property.objects.visible_to(user).filter(pk__in=property_ids).values("pk")
    return Document.objects.filter(
        office_id=user.office_id or 0,
        content_type=ContentType.objects.get_for_model(Property),
        object_id__in=visible,
    ).order_by("object_id", "original_name", "pk")


def offerable_contacts(user: User, text: str = "", limit: int = 20) -> list[Contact]:
    """Contacts a property can be offered to from its page (visible ones)."""
    contacts = Contact.objects.visible_to(user)
    if text.strip():
        contacts = contacts.search(text, office_id=user.office_id)
    return list(contacts.order_by("sort_name", "pk")[:limit])

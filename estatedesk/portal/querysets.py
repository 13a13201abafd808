"""Who sees what of the portal, in one place.

Two readers, two rules:
- staff (`visible_to(user)`): an offer, reaction, message or viewing of a contact the user may
  see (`Contact.objects.visible_to`), so the office's sharing rules carry over unchanged;
- a portal client (`visible_to_client(access)`): exactly what was given to their contact or,
  when both partners chose to share, to their household; never withdrawn offers, never another
  office. Everything else answers 404. Deny by default: no access, nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Self, TypeVar

from django.db import models
from django.db.models import Q

from estatedesk.contactlinks.choices import LinkKind

from .choices import AccessStatus

if TYPE_CHECKING:
    from .models import Offer, PortalAccess, ViewingRequest  # noqa: F401 (the base classes below)

_M = TypeVar("_M", bound=models.Model)


def space_contact_ids(access: PortalAccess) -> list[int]:
    """The contacts whose offers `access` sees: its own, and its partner's when both share.

    One query (the partner links with their accesses); the caller keeps the result for the
    request (`portal.middleware` puts it on `request.portal`).
    """
    from estatedesk.contactlinks.models import ContactLink

    from .models import PortalAccess

    ids = [access.contact_id]
    if not access.share_household:
        return ids
    links = ContactLink.objects.filter(
        Q(from_contact_id=access.contact_id) | Q(to_contact_id=access.contact_id),
        office_id=access.office_id,
        kind=LinkKind.PARTNER,
    ).values_list("from_contact_id", "to_contact_id")
    partners = {a if b == access.contact_id else b for a, b in links}
    if partners:
        ids += list(
            PortalAccess.objects.filter(
                office_id=access.office_id,
                contact_id__in=partners,
                share_household=True,
                status=AccessStatus.ACTIVE,
                contact__is_active=True,
            ).values_list("contact_id", flat=True)
        )
    return ids


class PortalAccessQuerySet(models.QuerySet["PortalAccess"]):
    def usable(self) -> Self:
        """Accesses a client may act through now: accepted, not disabled, contact active."""
        return self.filter(status=AccessStatus.ACTIVE, contact__is_active=True)

    def visible_to(self, user: Any) -> Self:
        from estatedesk.contacts.models import Contact

        return self.filter(contact__in=Contact.objects.visible_to(user))


class _PortalRowQuerySet(models.QuerySet[_M]):
    """Rows that hang off an offer (or are one): `offer_path` names the offer from the row."""

    offer_path = "offer__"

    def visible_to(self, user: Any) -> Self:
        from estatedesk.contacts.models import Contact

        return self.filter(**{f"{self.offer_path}contact__in": Contact.objects.visible_to(user)})

    def visible_to_client(
        self, access: PortalAccess | None, contact_ids: list[int] | None = None
    ) -> Self:
        """What the client of `access` may reach (`contact_ids`: `space_contact_ids(access)`,
        when the caller already has it)."""
        if access is None or access.status != AccessStatus.ACTIVE:
            return self.none()
        ids = contact_ids if contact_ids is not None else space_contact_ids(access)
        return self.filter(
            **{
                f"{self.offer_path}office_id": access.office_id,
                f"{self.offer_path}contact_id__in": ids,
                f"{self.offer_path}withdrawn_at__isnull": True,
            }
        )


class OfferQuerySet(_PortalRowQuerySet["Offer"]):
    offer_path = ""

    def current(self) -> Self:
        return self.filter(withdrawn_at__isnull=True)


class ViewingRequestQuerySet(_PortalRowQuerySet["ViewingRequest"]):
    pass

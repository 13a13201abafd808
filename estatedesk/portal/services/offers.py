"""Offers in the client portal: an agent offers properties to a contact, the client reacts,
both sides write in the offer's thread; and the office's list of rejection reasons.

Who may act is checked here, not in the views: an agent through `visible_to` (the contact, the
properties, the offer), a client through `visible_to_client` on their access. Every action
lands in the CRM through `portal_action_record`; e-mails leave once the transaction commits.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from estatedesk.accounts.models import Office, User
from estatedesk.activities.choices import NotificationKind
from estatedesk.activities.models import Notification
from estatedesk.contacts.models import Contact
from estatedesk.core import events
from estatedesk.core.permissions import require_admin, require_staff
from estatedesk.core.text import isolate
from estatedesk.documents.models import Document
from estatedesk.properties.choices import LinkRole
from estatedesk.properties.models import Property, PropertyLink

from ..choices import DEFAULT_REJECTION_REASONS, Preference, Side
from ..models import Offer, OfferMessage, PortalAccess, Reaction, RejectionReason
from ..querysets import space_contact_ids
from .timeline import portal_action_record

MESSAGE_MAX_LENGTH = 5000
REASON_TEXT_MAX_LENGTH = 300


# --- offering ------------------------------------------------------------------------------


def _offer_payload(offer: Offer, **extra: Any) -> dict[str, Any]:
    return {"offer_id": offer.pk, "property_id": offer.property_id, **extra}


@transaction.atomic
def offer_create(
    *,
    actor: User,
    contact: Contact,
    properties: Sequence[Property],
    note: str = "",
    documents: Iterable[Document] = (),
) -> list[Offer]:
    """Offer `properties` to `contact` in the portal, with an optional note and documents.

    The actor must see the contact and every property; each document must belong to one of
    the offered properties. Offering a property again revives a withdrawn offer (and keeps a
    current one, adding the note and documents). The contact is linked to each property in
    the role *offered*, and each new offer is recorded on the contact's timeline.
    """
    office_id = require_staff(actor)
    if not Contact.objects.visible_to(actor).filter(pk=contact.pk).exists():
        raise ValidationError({"contact": _("Choose a contact you can see.")})
    wanted = {p.pk for p in properties}
    if not wanted:
        raise ValidationError({"properties": _("Choose at least one property to offer.")})
    visible = list(Property.objects.visible_to(actor).filter(pk__in=wanted))
    if len(visible) != len(wanted):
        raise ValidationError({"properties": _("Choose properties you can see.")})
    note = note.strip()
    if len(note) > MESSAGE_MAX_LENGTH:
        raise ValidationError({"note": _("Keep the note under 5,000 characters.")})
    documents_by_property = _documents_of(documents, office_id=office_id, property_ids=wanted)

    now = timezone.now()
    offers: list[Offer] = []
    for prop in sorted(visible, key=lambda p: p.pk):
        offer = (
            Offer.objects.select_for_update()
            .filter(office_id=office_id, contact=contact, property=prop)
            .first()
        )
        is_news = offer is None or offer.is_withdrawn
        if offer is None:
            offer = Offer.objects.create(
                office_id=office_id, contact=contact, property=prop, note=note,
                offered_by=actor, offered_at=now,
            )  # fmt: skip
        elif offer.is_withdrawn:
            offer.withdrawn_at = None
            offer.offered_at = now
            offer.offered_by = actor
            offer.note = note
            offer.save(update_fields=["withdrawn_at", "offered_at", "offered_by", "note",
                                      "updated_at"])  # fmt: skip
        elif note:
            offer.note = note
            offer.save(update_fields=["note", "updated_at"])
        if docs := documents_by_property.get(prop.pk):
            offer.documents.add(*docs)
        PropertyLink.objects.get_or_create(
            office_id=office_id, property=prop, contact=contact, role=LinkRole.OFFERED,
            defaults={"created_by": actor},
        )  # fmt: skip
        if is_news:
            portal_action_record(
                contact=contact,
                actor=actor,
                subject=_("Offered in the portal: %(property)s") % {"property": prop},
                body=note,
                event=events.OFFER_CREATED,
                payload=_offer_payload(offer),
                occurred_at=now,
                by_client=False,
            )
        offers.append(offer)
    return offers


def _documents_of(
    documents: Iterable[Document], *, office_id: int, property_ids: set[int]
) -> dict[int, list[Document]]:
    """The documents by property; each must be a document of one of `property_ids`."""
    ids = {d.pk for d in documents}
    if not ids:
        return {}
    found = list(
        Document.objects.filter(
            pk__in=ids,
            office_id=office_id,
            content_type=ContentType.objects.get_for_model(Property),
            object_id__in=property_ids,
        )
    )
    if len(found) != len(ids):
        raise ValidationError({"documents": _("Share only documents of the offered properties.")})
    by_property: dict[int, list[Document]] = {}
    for document in found:
        by_property.setdefault(int(document.object_id), []).append(document)
    return by_property


def _staff_offer(offer: Offer, actor: User) -> Offer:
    """The offer, fresh and locked, if the actor may see its contact; else PermissionDenied."""
    require_staff(actor)
    fresh = (
        Offer.objects.visible_to(actor)
        .select_for_update(of=("self",))
        .select_related("contact", "property")
        .filter(pk=offer.pk)
        .first()
    )
    if fresh is None:
        raise PermissionDenied
    return fresh


@transaction.atomic
def offer_documents_set(*, actor: User, offer: Offer, documents: Iterable[Document]) -> Offer:
    """Share exactly `documents` (of the offer's property) with the client."""
    offer = _staff_offer(offer, actor)
    chosen = _documents_of(documents, office_id=offer.office_id, property_ids={offer.property_id})
    offer.documents.set(chosen.get(offer.property_id, []))
    return offer


@transaction.atomic
def offer_withdraw(*, actor: User, offer: Offer) -> Offer:
    """Take an offer back: the client no longer sees it and the *offered* link goes."""
    offer = _staff_offer(offer, actor)
    if offer.is_withdrawn:
        return offer
    now = timezone.now()
    offer.withdrawn_at = now
    offer.save(update_fields=["withdrawn_at", "updated_at"])
    PropertyLink.objects.filter(
        office_id=offer.office_id, property_id=offer.property_id, contact_id=offer.contact_id,
        role=LinkRole.OFFERED,
    ).delete()  # fmt: skip
    portal_action_record(
        contact=offer.contact,
        actor=actor,
        subject=_("Offer withdrawn: %(property)s") % {"property": offer.property},
        event=events.OFFER_WITHDRAWN,
        payload=_offer_payload(offer),
        occurred_at=now,
        by_client=False,
    )
    return offer


# --- the client's reactions ----------------------------------------------------------------


def _client_offer(access: PortalAccess, offer: Offer) -> tuple[PortalAccess, Offer]:
    """The access (fresh: still usable) and the offer if the client may reach it."""
    fresh = (
        PortalAccess.objects.usable()
        .select_related("contact", "user")
        .filter(pk=access.pk, user__is_active=True)
        .first()
    )
    if fresh is None:
        raise PermissionDenied
    reachable = (
        Offer.objects.visible_to_client(fresh)
        .select_related("contact", "property")
        .filter(pk=offer.pk)
        .first()
    )
    if reachable is None:
        raise PermissionDenied
    return fresh, reachable


@transaction.atomic
def reaction_set(
    *,
    access: PortalAccess,
    offer: Offer,
    preference: str,
    rating: int | None = None,
    reasons: Iterable[RejectionReason] = (),
    reason_text: str = "",
) -> Reaction:
    """The client's (household member's) verdict on an offer: favourite, possible or not for
    them, a 1–5 rating, and — when it is not for them — the office's reasons why.

    Reasons only go with "not for me" (they are dropped otherwise); they must be the office's
    active ones, and a reason that asks for an explanation needs the text.
    """
    access, offer = _client_offer(access, offer)
    if preference not in Preference.values:
        raise ValidationError({"preference": _("Choose favourite, possible or not for me.")})
    if rating is not None and not 1 <= rating <= 5:
        raise ValidationError({"rating": _("Give a rating from 1 to 5.")})
    reason_text = reason_text.strip()
    chosen: list[RejectionReason] = []
    if preference == Preference.NOT_FOR_ME:
        ids = {r.pk for r in reasons}
        chosen = list(
            RejectionReason.objects.filter(office_id=offer.office_id, is_active=True, pk__in=ids)
        )
        if len(chosen) != len(ids):
            raise ValidationError({"reasons": _("Choose among the reasons offered.")})
        if len(reason_text) > REASON_TEXT_MAX_LENGTH:
            raise ValidationError({"reason_text": _("Keep it under 300 characters.")})
        if any(r.asks_for_text for r in chosen) and not reason_text:
            raise ValidationError({"reason_text": _("Tell us in a few words why.")})
    else:
        reason_text = ""
    reaction, _created = Reaction.objects.update_or_create(
        offer=offer,
        contact=access.contact,
        defaults={"office_id": offer.office_id, "preference": preference, "rating": rating,
                  "reason_text": reason_text},
    )  # fmt: skip
    reaction.reasons.set(chosen)
    label = Preference(preference).label
    portal_action_record(
        contact=access.contact,
        actor=access.user,
        subject=_("%(preference)s: %(property)s") % {"preference": label,
                                                     "property": offer.property},
        body=", ".join([r.name for r in chosen] + ([reason_text] if reason_text else [])),
        event=events.OFFER_REACTED,
        payload=_offer_payload(
            offer, preference=preference, rating=rating,
            reasons=[r.name for r in chosen], reason_text=reason_text,
        ),
    )  # fmt: skip
    return reaction


# --- the offer's thread --------------------------------------------------------------------


def _clean_body(body: str) -> str:
    body = body.strip()
    if not body:
        raise ValidationError({"body": _("Write a message.")})
    if len(body) > MESSAGE_MAX_LENGTH:
        raise ValidationError({"body": _("Keep the message under 5,000 characters.")})
    return body


@transaction.atomic
def message_post(
    *, actor: User, offer: Offer, body: str, access: PortalAccess | None = None
) -> OfferMessage:
    """A message in the offer's thread: from the client (`access`, whose login `actor` is) or
    from an agent who may see the contact. The other side is told by e-mail once committed."""
    body = _clean_body(body)
    if access is not None:
        if access.user_id != actor.pk:
            raise PermissionDenied
        access, offer = _client_offer(access, offer)
        message = OfferMessage.objects.create(
            office_id=offer.office_id, offer=offer, side=Side.CLIENT, author=actor,
            contact=access.contact, body=body,
        )  # fmt: skip
        subject = _("Message from the portal on %(property)s") % {"property": offer.property}
        contact = access.contact
    else:
        offer = _staff_offer(offer, actor)
        if offer.is_withdrawn:
            raise ValidationError(
                {"body": _("This offer was withdrawn: the client cannot read it.")}
            )
        message = OfferMessage.objects.create(
            office_id=offer.office_id, offer=offer, side=Side.AGENT, author=actor, body=body
        )
        subject = _("Message to the client on %(property)s") % {"property": offer.property}
        contact = offer.contact
    portal_action_record(
        contact=contact,
        actor=actor,
        subject=subject,
        body=body,
        event=events.OFFER_MESSAGE,
        payload=_offer_payload(offer, message_id=message.pk, side=message.side),
        by_client=access is not None,
    )
    offer_id, message_id = offer.pk, message.pk
    # robust: a mail server that fails is logged; the message is saved and shown all the same.
    transaction.on_commit(
        lambda: message_notify(offer_id=offer_id, message_id=message_id), robust=True
    )
    return message


@transaction.atomic
def messages_mark_read(*, actor: User, offer: Offer, access: PortalAccess | None = None) -> int:
    """The other side's messages in the thread are read now (by the client through `access`,
    or by an agent); returns how many were unread."""
    if access is not None:
        if access.user_id != actor.pk:
            raise PermissionDenied
        access, offer = _client_offer(access, offer)
        other = Side.AGENT
    else:
        offer = _staff_offer(offer, actor)
        other = Side.CLIENT
    return OfferMessage.objects.filter(
        office_id=offer.office_id, offer=offer, side=other, read_at__isnull=True
    ).update(read_at=timezone.now(), updated_at=timezone.now())


def _site_url(path: str) -> str:
    """Links in e-mails name the configured site, never the request's Host."""
    return str(settings.ESTATEDESK_BASE_URL).rstrip("/") + path


def message_notify(*, offer_id: int, message_id: int) -> None:
    """E-mail the other side of the thread about a new message (run after commit).

    The agent (who offered, else the contact's owner) gets the message and a link to the
    contact's page. Each client of the household gets a link to the offer in the portal, with
    the message itself only if their contact has not opted out of e-mail.
    """
    message = (
        OfferMessage.objects.select_related("offer__contact", "offer__property", "offer__office",
                                            "offer__offered_by", "offer__contact__owner")
        .filter(pk=message_id, offer_id=offer_id)
        .first()
    )  # fmt: skip
    if message is None:
        return
    offer = message.offer
    if message.side == Side.CLIENT:
        _notify_agent(message, offer)
    else:
        _notify_clients(message, offer)


def _notify_agent(message: OfferMessage, offer: Offer) -> None:
    # Who offered it, else the contact's owner: the first still active who sees the contact.
    candidates = [u for u in (offer.offered_by, offer.contact.owner) if u is not None]
    agent = next(
        (
            u
            for u in candidates
            if u.is_active
            and u.email
            and Contact.objects.visible_to(u).filter(pk=offer.contact_id).exists()
        ),
        None,
    )
    if agent is None:
        return
    url = _site_url(offer.contact.get_absolute_url() + "?tab=portal")
    with translation.override(offer.office.language):
        subject = _("New portal message from %(contact)s") % {"contact": isolate(offer.contact)}
        body = render_to_string(
            "portal/offers/email_message_agent.txt",
            {"message": message, "offer": offer, "url": url},
        )
    Notification.objects.create(
        office_id=offer.office_id, user=agent, kind=NotificationKind.PORTAL,
        title=subject[:250], url=offer.contact.get_absolute_url() + "?tab=portal",
    )  # fmt: skip
    EmailMessage(subject=subject, body=body, to=[agent.email]).send()


def _notify_clients(message: OfferMessage, offer: Offer) -> None:
    own = PortalAccess.objects.usable().filter(contact_id=offer.contact_id).first()
    if own is None:
        return
    ids = space_contact_ids(own)
    accesses = (
        PortalAccess.objects.usable()
        .filter(office_id=offer.office_id, contact_id__in=ids, user__is_active=True)
        .select_related("contact", "user")
    )
    url = _site_url(reverse("portal:offer_detail", args=[offer.pk]))
    for access in accesses:
        contact = access.contact
        whole = not contact.do_not_email
        with translation.override(contact.language or offer.office.language):
            subject = _("New message about %(property)s") % {"property": isolate(offer.property)}
            body = render_to_string(
                "portal/offers/email_message_client.txt",
                {"message": message if whole else None, "offer": offer, "url": url,
                 "office": offer.office},
            )  # fmt: skip
        EmailMessage(subject=subject, body=body, to=[access.user.email]).send()


# --- the office's rejection reasons (Setup) ------------------------------------------------


def rejection_reasons_create_defaults(*, office: Office) -> None:
    """Give an office the default reasons (in the office's language), in Setup's order."""
    with translation.override(office.language):
        RejectionReason.objects.bulk_create(
            [
                RejectionReason(office=office, name=str(label), asks_for_text=asks, position=i)
                for i, (label, asks) in enumerate(DEFAULT_REJECTION_REASONS, start=1)
            ],
            ignore_conflicts=True,
        )


def office_created(sender: type[Office], *, office: Office, **kwargs: Any) -> None:
    """Receives `accounts.signals.office_created` (connected in PortalConfig.ready)."""
    rejection_reasons_create_defaults(office=office)


def _clean_reason_name(office_id: int, name: str, *, exclude: int | None = None) -> str:
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Give the reason a name.")})
    if len(name) > 80:
        raise ValidationError({"name": _("Keep the name under 80 characters.")})
    clash = RejectionReason.objects.filter(office_id=office_id, name__iexact=name)
    if exclude is not None:
        clash = clash.exclude(pk=exclude)
    if clash.exists():
        raise ValidationError({"name": _("There is already a reason with this name.")})
    return name


@transaction.atomic
def rejection_reason_create(
    *, actor: User, name: str, asks_for_text: bool = False
) -> RejectionReason:
    office_id = require_admin(actor)
    Office.objects.select_for_update().filter(pk=office_id).first()  # one add at a time
    name = _clean_reason_name(office_id, name)
    top = RejectionReason.objects.filter(office_id=office_id).aggregate(m=Max("position"))["m"]
    return RejectionReason.objects.create(
        office_id=office_id, name=name, asks_for_text=asks_for_text, position=(top or 0) + 1
    )


def _own_reason(reason: RejectionReason, actor: User) -> RejectionReason:
    office_id = require_admin(actor)
    fresh = RejectionReason.objects.filter(office_id=office_id, pk=reason.pk).first()
    if fresh is None:
        raise PermissionDenied
    return fresh


@transaction.atomic
def rejection_reason_rename(
    *, actor: User, reason: RejectionReason, name: str, asks_for_text: bool
) -> RejectionReason:
    reason = _own_reason(reason, actor)
    reason.name = _clean_reason_name(reason.office_id, name, exclude=reason.pk)
    reason.asks_for_text = asks_for_text
    reason.save(update_fields=["name", "asks_for_text", "updated_at"])
    return reason


@transaction.atomic
def rejection_reason_set_active(
    *, actor: User, reason: RejectionReason, active: bool
) -> RejectionReason:
    """A deactivated reason is no longer offered; the reactions that gave it keep it."""
    reason = _own_reason(reason, actor)
    reason.is_active = active
    reason.save(update_fields=["is_active", "updated_at"])
    return reason


@transaction.atomic
def rejection_reason_move(*, actor: User, reason: RejectionReason, direction: int) -> None:
    """One step up (direction < 0) or down in Setup's (and the client's) order."""
    reason = _own_reason(reason, actor)
    reasons = list(RejectionReason.objects.filter(office_id=reason.office_id))
    index = next(i for i, r in enumerate(reasons) if r.pk == reason.pk)
    other = index + (1 if direction > 0 else -1)
    if not 0 <= other < len(reasons):
        return
    reasons[index], reasons[other] = reasons[other], reasons[index]
    for position, item in enumerate(reasons, start=1):
        if item.position != position:
            item.position = position
            item.save(update_fields=["position", "updated_at"])

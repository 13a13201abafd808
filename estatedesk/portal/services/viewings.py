"""Viewing requests: a client proposes up to three times for an offered property, the agent
confirms one or proposes another, either side cancels, and the client says how it went.

Client-side services take the `access` the client acts through (and the contacts of its space,
as `ClientView` has them); what the access may not reach is a PermissionDenied (the views
fetch through `visible_to_client` first, so a client meets a 404). Staff-side services start
from `ViewingRequest.objects.visible_to(actor)`. Every step is recorded on the contact's
timeline and published (`portal_action_record`); e-mails carry a link only, never the message.
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Sequence
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from estatedesk.accounts.models import User
from estatedesk.activities import services as activities
from estatedesk.activities.choices import ActivityType, NotificationKind, ReminderState
from estatedesk.activities.models import Activity, Notification, Reminder, Task
from estatedesk.contacts.models import Contact
from estatedesk.core import events
from estatedesk.core.permissions import require_staff
from estatedesk.core.text import isolate

from ..choices import Side, ViewingStatus
from ..models import Offer, PortalAccess, ViewingRequest
from .timeline import portal_action_record

MAX_SLOTS = 3
SLOT_FIELDS = ("slot_1", "slot_2", "slot_3")
# The agent's task is due this soon after a request (or by the first proposed time, if earlier).
TASK_DUE_WITHIN = timedelta(hours=4)
OPEN = (ViewingStatus.REQUESTED, ViewingStatus.PROPOSED, ViewingStatus.CONFIRMED)


# --- helpers ------------------------------------------------------------------------------------


def absolute_url(path: str) -> str:
    return str(settings.ESTATEDESK_BASE_URL).rstrip("/") + path


def _send_link(*, to: Sequence[str], subject: str, intro: str, url: str) -> None:
    """An e-mail that says something changed and where to look: never the message itself."""
    recipients = [address for address in to if address]
    if not recipients:
        return
    body = "\n\n".join([intro, absolute_url(url)])

    def send() -> None:
        EmailMessage(subject=subject, body=body, to=recipients).send(fail_silently=True)

    transaction.on_commit(send)


def _valid_timezone(name: str, field: str = "client_timezone") -> zoneinfo.ZoneInfo:
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ValidationError({field: _("Choose a timezone from the list.")}) from None


def _future(moment: datetime | None, field: str, now: datetime) -> datetime:
    if moment is None:
        raise ValidationError({field: _("Say when.")})
    if timezone.is_naive(moment):
        raise ValidationError({field: _("A time needs its timezone.")})
    if moment <= now:
        raise ValidationError({field: _("Choose a time in the future.")})
    return moment


def _clean_slots(slots: Sequence[datetime | None], now: datetime) -> list[datetime]:
    """1–3 future, distinct times; errors name the slot field they are about."""
    if len(slots) > MAX_SLOTS:
        raise ValidationError({"slot_3": _("Propose at most three times.")})
    errors: dict[str, str] = {}
    cleaned: list[datetime] = []
    for field, moment in zip(SLOT_FIELDS, slots, strict=False):
        if moment is None:
            continue
        try:
            moment = _future(moment, field, now)
        except ValidationError as exc:
            errors.update({k: v[0] for k, v in exc.message_dict.items()})
            continue
        if moment in cleaned:
            errors[field] = _("You proposed this time already.")
            continue
        cleaned.append(moment)
    if not cleaned and not errors:
        errors["slot_1"] = _("Propose at least one time.")
    if errors:
        raise ValidationError(errors)
    return cleaned


def _agent_for(offer: Offer) -> User:
    """Who handles the request: the agent who offered the property, else the contact's owner."""
    offered_by = offer.offered_by
    if (
        offered_by is not None
        and offered_by.is_active
        and offered_by.is_staff_member
        and offered_by.office_id == offer.office_id
        and Contact.objects.visible_to(offered_by).filter(pk=offer.contact_id).exists()
    ):
        return offered_by
    owner: User = offer.contact.owner
    return owner


def _client_viewing(
    access: PortalAccess, viewing: ViewingRequest, contact_ids: list[int] | None
) -> ViewingRequest:
    fresh = (
        ViewingRequest.objects.visible_to_client(access, contact_ids)
        .select_for_update(of=("self",))
        .select_related("offer__property", "offer__contact", "requested_by", "agent")
        .filter(pk=viewing.pk)
        .first()
    )
    if fresh is None:
        raise PermissionDenied
    return fresh


def _staff_viewing(actor: User, viewing: ViewingRequest) -> ViewingRequest:
    require_staff(actor)
    fresh = (
        ViewingRequest.objects.visible_to(actor)
        .select_for_update(of=("self",))
        .select_related("offer__property", "offer__contact", "requested_by", "agent")
        .filter(pk=viewing.pk)
        .first()
    )
    if fresh is None:
        raise PermissionDenied
    return fresh


def _close_task(viewing: ViewingRequest) -> None:
    """The agent's task is done once the viewing is settled (confirmed or cancelled)."""
    if viewing.task_id is None:
        return
    now = timezone.now()
    Task.objects.filter(pk=viewing.task_id, done_at__isnull=True).update(
        done_at=now, updated_at=now
    )
    Reminder.objects.filter(task_id=viewing.task_id, state=ReminderState.PENDING).update(
        state=ReminderState.CANCELLED, updated_at=now
    )


def _payload(viewing: ViewingRequest, **extra: object) -> dict[str, object]:
    return {
        "viewing_id": viewing.pk,
        "offer_id": viewing.offer_id,
        "property_id": viewing.offer.property_id,
        "status": viewing.status,
        "starts_at": viewing.starts_at.isoformat() if viewing.starts_at else None,
        **extra,
    }


def _client_emails(viewing: ViewingRequest) -> list[str]:
    access = PortalAccess.objects.filter(contact_id=viewing.requested_by_id).first()
    return [access.email] if access is not None else []


def _agent_emails(viewing: ViewingRequest) -> list[str]:
    agent = viewing.agent
    return [agent.email] if agent is not None and agent.is_active else []


def _client_url(viewing: ViewingRequest) -> str:
    return reverse("portal:viewing_detail", args=[viewing.pk])


def _staff_url(viewing: ViewingRequest) -> str:
    return reverse("portal_staff:viewing_list")


# --- the client's side --------------------------------------------------------------------------


@transaction.atomic
def viewing_request(
    *,
    access: PortalAccess,
    actor: User,
    offer: Offer,
    slots: Sequence[datetime | None],
    client_timezone: str,
    message: str = "",
    contact_ids: list[int] | None = None,
) -> ViewingRequest:
    """The client of `access` asks to view `offer`'s property at one of up to three times.

    The agent gets a task (due soon) and a notification.
    """
    if actor.pk != access.user_id:
        raise PermissionDenied
    reachable = (
        Offer.objects.visible_to_client(access, contact_ids)
        .select_related("property", "contact__owner", "offered_by")
        .filter(pk=offer.pk)
        .first()
    )
    if reachable is None:
        raise PermissionDenied
    offer = reachable
    _valid_timezone(client_timezone)
    now = timezone.now()
    cleaned = _clean_slots(slots, now)
    agent = _agent_for(offer)
    viewing = ViewingRequest(
        office_id=offer.office_id,
        offer=offer,
        requested_by=access.contact,
        client_timezone=client_timezone,
        message=(message or "").strip(),
        agent=agent,
        **dict(zip(SLOT_FIELDS, cleaned, strict=False)),
    )
    viewing.full_clean(exclude=["office", "offer", "requested_by", "agent", "task"])
    viewing.save()
    client = access.contact
    title = _("Viewing request: %(client)s for %(property)s") % {
        "client": isolate(client),
        "property": isolate(offer.property),
    }
    task = activities.task_create(
        actor=agent,
        record=offer.contact,
        assignee=agent,
        title=title,
        notes=viewing.message,
        due_at=min(now + TASK_DUE_WITHIN, cleaned[0]),
    )
    viewing.task = task
    viewing.save(update_fields=["task", "updated_at"])
    Notification.objects.create(
        office_id=offer.office_id,
        user=agent,
        kind=NotificationKind.PORTAL,
        title=title[:250],
        url=reverse("portal_staff:viewing_list"),
        task=task,
    )
    portal_action_record(
        contact=client,
        actor=actor,
        subject=_("Asked to view %(property)s") % {"property": isolate(offer.property)},
        body=viewing.message,
        event=events.VIEWING_REQUESTED,
        payload=_payload(viewing, slots=[s.isoformat() for s in cleaned]),
    )
    return viewing


@transaction.atomic
def viewing_accept(
    *,
    access: PortalAccess,
    actor: User,
    viewing: ViewingRequest,
    contact_ids: list[int] | None = None,
) -> ViewingRequest:
    """The client accepts the time the agent proposed: the viewing is confirmed."""
    if actor.pk != access.user_id:
        raise PermissionDenied
    viewing = _client_viewing(access, viewing, contact_ids)
    if viewing.status != ViewingStatus.PROPOSED or viewing.starts_at is None:
        raise ValidationError({"status": _("There is no proposed time to accept.")})
    if viewing.starts_at <= timezone.now():
        raise ValidationError({"starts_at": _("This time has passed; ask for another one.")})
    agent = viewing.agent or _agent_for(viewing.offer)
    _confirm(viewing, agent=agent, starts_at=viewing.starts_at)
    portal_action_record(
        contact=access.contact,
        actor=actor,
        subject=_("Accepted the viewing time for %(property)s")
        % {"property": isolate(viewing.offer.property)},
        event=events.VIEWING_CONFIRMED,
        payload=_payload(viewing),
    )
    _send_link(
        to=_agent_emails(viewing),
        subject=_("A client accepted a viewing time"),
        intro=_("A client accepted the viewing time you proposed. See it in EstateDesk:"),
        url=_staff_url(viewing),
    )
    return viewing


@transaction.atomic
def viewing_cancel_by_client(
    *,
    access: PortalAccess,
    actor: User,
    viewing: ViewingRequest,
    reason: str = "",
    contact_ids: list[int] | None = None,
) -> ViewingRequest:
    """The client cancels (or declines the agent's proposed time); the agent is e-mailed."""
    if actor.pk != access.user_id:
        raise PermissionDenied
    viewing = _client_viewing(access, viewing, contact_ids)
    taken_place = viewing.starts_at is not None and viewing.starts_at <= timezone.now()
    if viewing.status == ViewingStatus.CONFIRMED and taken_place:
        raise ValidationError({"status": _("This viewing has taken place already.")})
    _cancel(viewing, side=Side.CLIENT, reason=reason)
    portal_action_record(
        contact=access.contact,
        actor=actor,
        subject=_("Cancelled the viewing of %(property)s")
        % {"property": isolate(viewing.offer.property)},
        body=viewing.cancel_reason,
        event=events.VIEWING_CANCELLED,
        payload=_payload(viewing, cancelled_by=Side.CLIENT.value),
    )
    _send_link(
        to=_agent_emails(viewing),
        subject=_("A client cancelled a viewing"),
        intro=_("A client cancelled a viewing. See it in EstateDesk:"),
        url=_staff_url(viewing),
    )
    return viewing


@transaction.atomic
def viewing_feedback(
    *,
    access: PortalAccess,
    actor: User,
    viewing: ViewingRequest,
    feedback: str,
    still_interested: bool | None,
    contact_ids: list[int] | None = None,
) -> ViewingRequest:
    """After a confirmed viewing took place, the client says how it went."""
    if actor.pk != access.user_id:
        raise PermissionDenied
    viewing = _client_viewing(access, viewing, contact_ids)
    if viewing.status != ViewingStatus.CONFIRMED or viewing.starts_at is None:
        raise ValidationError({"feedback": _("Only a confirmed viewing can have feedback.")})
    if viewing.starts_at > timezone.now():
        raise ValidationError({"feedback": _("Tell us how it went after the viewing.")})
    feedback = (feedback or "").strip()
    if not feedback and still_interested is None:
        raise ValidationError({"feedback": _("Say how it went.")})
    viewing.feedback = feedback
    viewing.still_interested = still_interested
    viewing.feedback_at = timezone.now()
    viewing.save(update_fields=["feedback", "still_interested", "feedback_at", "updated_at"])
    portal_action_record(
        contact=access.contact,
        actor=actor,
        subject=_("Feedback on the viewing of %(property)s")
        % {"property": isolate(viewing.offer.property)},
        body=feedback,
        event=events.VIEWING_FEEDBACK,
        payload=_payload(viewing, still_interested=still_interested),
    )
    return viewing


# --- the agent's side ---------------------------------------------------------------------------


def _confirm(viewing: ViewingRequest, *, agent: User, starts_at: datetime) -> Activity:
    """Confirmed at `starts_at`: an appointment in `agent`'s calendar; the task is done."""
    prop = viewing.offer.property
    appointment = activities.activity_log(
        actor=agent,
        kind=ActivityType.APPOINTMENT,
        records=[viewing.offer.contact],
        occurred_at=starts_at,
        ends_at=starts_at + timedelta(minutes=viewing.duration_minutes),
        location=prop.address_line or str(prop),
        subject=_("Viewing: %(property)s") % {"property": isolate(prop)},
        body=viewing.message,
        assigned_to=agent,
    )
    viewing.status = ViewingStatus.CONFIRMED
    viewing.starts_at = starts_at
    viewing.agent = agent
    viewing.appointment = appointment
    viewing.save(update_fields=["status", "starts_at", "agent", "appointment", "updated_at"])
    _close_task(viewing)
    return appointment


def _cancel(viewing: ViewingRequest, *, side: Side, reason: str) -> None:
    if viewing.status == ViewingStatus.CANCELLED:
        raise ValidationError({"status": _("This viewing is cancelled already.")})
    if viewing.appointment_id is not None:
        # Out of every calendar: the appointment goes (the cancellation stays on the timeline).
        Activity.objects.filter(pk=viewing.appointment_id).delete()
        viewing.appointment = None
    viewing.status = ViewingStatus.CANCELLED
    viewing.cancelled_by = side
    viewing.cancelled_at = timezone.now()
    viewing.cancel_reason = (reason or "").strip()[:300]
    viewing.save(
        update_fields=["status", "cancelled_by", "cancelled_at", "cancel_reason", "appointment",
                       "updated_at"]
    )  # fmt: skip
    _close_task(viewing)


def _slot_index(viewing: ViewingRequest, starts_at: datetime) -> int:
    for index, slot in enumerate(viewing.slots, 1):
        if slot == starts_at:
            return index
    raise ValidationError({"starts_at": _("Choose one of the times the client proposed.")})


@transaction.atomic
def viewing_confirm(*, viewing: ViewingRequest, actor: User, starts_at: datetime) -> ViewingRequest:
    """The agent confirms one of the client's proposed times (`starts_at`, one of the slots)."""
    viewing = _staff_viewing(actor, viewing)
    if viewing.status != ViewingStatus.REQUESTED:
        raise ValidationError({"status": _("Only a requested viewing can be confirmed.")})
    slot = _slot_index(viewing, starts_at)
    _future(starts_at, "starts_at", timezone.now())
    _confirm(viewing, agent=actor, starts_at=starts_at)
    portal_action_record(
        contact=viewing.requested_by,
        actor=actor,
        subject=_("Viewing of %(property)s confirmed")
        % {"property": isolate(viewing.offer.property)},
        event=events.VIEWING_CONFIRMED,
        payload=_payload(viewing, slot=slot),
        by_client=False,
    )
    _send_link(
        to=_client_emails(viewing),
        subject=_("Your viewing is confirmed"),
        intro=_("Your agent confirmed your viewing. See the time in your portal:"),
        url=_client_url(viewing),
    )
    return viewing


@transaction.atomic
def viewing_propose(*, viewing: ViewingRequest, actor: User, starts_at: datetime) -> ViewingRequest:
    """The agent proposes another time; the client accepts or declines it in the portal."""
    viewing = _staff_viewing(actor, viewing)
    if viewing.status not in (ViewingStatus.REQUESTED, ViewingStatus.PROPOSED):
        raise ValidationError({"status": _("Only an open request can get another time.")})
    viewing.starts_at = _future(starts_at, "starts_at", timezone.now())
    viewing.status = ViewingStatus.PROPOSED
    viewing.agent = actor
    viewing.save(update_fields=["starts_at", "status", "agent", "updated_at"])
    portal_action_record(
        contact=viewing.requested_by,
        actor=actor,
        subject=_("Another viewing time proposed for %(property)s")
        % {"property": isolate(viewing.offer.property)},
        event=events.VIEWING_PROPOSED,
        payload=_payload(viewing),
        by_client=False,
    )
    _send_link(
        to=_client_emails(viewing),
        subject=_("Your agent proposed a viewing time"),
        intro=_("Your agent proposed another time for your viewing. Accept or decline it here:"),
        url=_client_url(viewing),
    )
    return viewing


@transaction.atomic
def viewing_cancel_by_agent(
    *, viewing: ViewingRequest, actor: User, reason: str = ""
) -> ViewingRequest:
    """The agent cancels; the appointment leaves the calendar and the client is e-mailed."""
    viewing = _staff_viewing(actor, viewing)
    _cancel(viewing, side=Side.AGENT, reason=reason)
    portal_action_record(
        contact=viewing.requested_by,
        actor=actor,
        subject=_("Viewing of %(property)s cancelled by the agent")
        % {"property": isolate(viewing.offer.property)},
        body=viewing.cancel_reason,
        event=events.VIEWING_CANCELLED,
        payload=_payload(viewing, cancelled_by=Side.AGENT.value),
        by_client=False,
    )
    _send_link(
        to=_client_emails(viewing),
        subject=_("Your viewing was cancelled"),
        intro=_("Your agent cancelled a viewing. See the details in your portal:"),
        url=_client_url(viewing),
    )
    return viewing

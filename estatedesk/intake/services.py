"""E-mail intake: a message becomes an activity on its sender, or a new lead."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _

from estatedesk.accounts.choices import Role
from estatedesk.accounts.models import Office, User
from estatedesk.activities.choices import ActivityType, Direction
from estatedesk.activities.models import Activity
from estatedesk.activities.services import activity_log
from estatedesk.classification.models import LeadSource
from estatedesk.classification.services import lead_source_create
from estatedesk.contacts.models import Contact, ContactEmail, Lead, LeadEmail
from estatedesk.contacts.services import EmailIn, record_save
from estatedesk.core.choices import Visibility
from estatedesk.properties.choices import LinkRole
from estatedesk.properties.models import Property
from estatedesk.properties.services import property_link_add

from .choices import IntakeOutcome
from .models import IntakeMessage, Mailbox
from .parsing import ParsedMessage, parse_message

logger = logging.getLogger(__name__)

EMAIL_SOURCE_NAME = "E-mail"


@dataclass
class IntakeResult:
    """What one message did; `as_json()` is what the endpoint answers."""

    outcome: str
    message: IntakeMessage
    lead: Lead | None = None
    contact: Contact | None = None
    activity: Activity | None = None
    listing: Property | None = None
    listing_linked: bool = False
    attachments: list[str] = field(default_factory=list)
    documents: list[str] = field(default_factory=list)

    @property
    def record(self) -> Lead | Contact | None:
        return self.contact or self.lead

    def as_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"status": self.outcome, "message": self.message.pk}
        if self.lead is not None:
            data["lead"] = self.lead.pk
        if self.contact is not None:
            data["contact"] = self.contact.pk
        if self.activity is not None:
            data["activity"] = self.activity.pk
        if self.listing is not None:
            data["property"] = {
                "id": self.listing.pk,
                "reference": self.listing.reference,
                "linked": self.listing_linked,
            }
        data["attachments"] = self.attachments
        return data


# --- who gets it --------------------------------------------------------------------------------


def active_staff(user: User | None) -> User | None:
    return user if user is not None and user.is_active and user.is_staff_member else None


def first_admin(office_id: int) -> User | None:
    return (
        User.objects.filter(office_id=office_id, role=Role.ADMIN, is_active=True)
        .order_by("pk")
        .first()
    )


def intake_owner(office: Office, mailbox: Mailbox | None) -> User | None:
    """The mailbox's owner of new leads if set and active, else the office's first admin."""
    owner = None
    if mailbox is not None and mailbox.default_owner_id:
        owner = User.objects.filter(pk=mailbox.default_owner_id, office_id=office.pk).first()
    return active_staff(owner) or first_admin(office.pk)


def email_source(office: Office) -> LeadSource | None:
    """The office's “E-mail” lead source, added through the Setup service when missing."""
    source = LeadSource.objects.for_office(office.pk).filter(name__iexact=EMAIL_SOURCE_NAME).first()
    if source is not None:
        return source
    admin = first_admin(office.pk)
    if admin is None:
        return None
    try:
        with transaction.atomic():
            return lead_source_create(actor=admin, name=EMAIL_SOURCE_NAME)
    except (ValidationError, IntegrityError):  # created meanwhile by a concurrent intake
        return (
            LeadSource.objects.for_office(office.pk).filter(name__iexact=EMAIL_SOURCE_NAME).first()
        )


def known_sender(office: Office, address: str) -> Contact | Lead | None:
    """The contact with this e-mail address (preferred), else the lead; case-insensitive."""
    address = address.lower()
    contact_ids = (
        ContactEmail.objects.filter(office_id=office.pk)
        .annotate(lower=Lower("email"))
        .filter(lower=address)
        .values("record_id")
    )
    contact = (
        Contact.objects.filter(office_id=office.pk, pk__in=contact_ids)
        .order_by("-is_active", "pk")
        .first()
    )
    if contact is not None:
        return contact
    lead_ids = (
        LeadEmail.objects.filter(office_id=office.pk)
        .annotate(lower=Lower("email"))
        .filter(lower=address)
        .values("record_id")
    )
    # An open lead before a converted or closed one; the newest among equals.
    return (
        Lead.objects.filter(office_id=office.pk, pk__in=lead_ids)
        .order_by("converted_contact_id", "-created_at", "-pk")
        .first()
    )


def find_property(office: Office, text: str) -> Property | None:
    """A property of the office whose reference stands as a word in `text` (any case)."""
    references = list(Property.objects.filter(office_id=office.pk).values_list("pk", "reference"))
    if not references or not text:
        return None
    by_reference = {ref.lower(): pk for pk, ref in references if ref}
    # Longest first, so P-0001234 is not read as P-000123 followed by “4”.
    pattern = re.compile(
        r"(?<!\w)("
        + "|".join(re.escape(ref) for ref in sorted(by_reference, key=len, reverse=True))
        + r")(?!\w)",
        re.IGNORECASE,
    )
    match = pattern.search(text)
    return Property.objects.get(pk=by_reference[match.group(1).lower()]) if match else None


# --- taking a message in ------------------------------------------------------------------------


def _activity_body(parsed: ParsedMessage, prop: Property | None) -> str:
    parts = [parsed.body]
    if prop is not None:
        parts.append(_("Inquiry about property %(property)s") % {"property": prop})
    if parsed.attachments:
        parts.append(
            _("Attachments: %(names)s") % {"names": ", ".join(a.name for a in parsed.attachments)}
        )
    return "\n\n".join(p for p in parts if p)


def _log(
    record: Lead | Contact, actor: User, parsed: ParsedMessage, prop: Property | None
) -> Activity:
    when = parsed.date if parsed.date and parsed.date <= timezone.now() else None
    return activity_log(
        actor=actor,
        kind=ActivityType.EMAIL,
        direction=Direction.INCOMING,
        records=[record],
        occurred_at=when,
        subject=(parsed.subject or _("(no subject)"))[:200],
        body=_activity_body(parsed, prop),
    )


def _new_lead(office: Office, owner: User, parsed: ParsedMessage) -> Lead:
    first, last = parsed.first_and_last_name
    lead = Lead(
        owner=owner,
        visibility=Visibility.OFFICE,
        source=email_source(office),
        first_name=first,
        last_name=last or (parsed.sender[:100] if not first else ""),
    )
    return record_save(record=lead, actor=owner, emails=[EmailIn(email=parsed.sender)])


def _store_attachments(result: IntakeResult, actor: User, parsed: ParsedMessage) -> None:
    """Keep attachments as documents on the record, within the message's transaction.

    A refused file is only listed. When the disk is full (StorageFull) the files stored so far
    are removed and the error goes up: the whole message rolls back, so that the sender's
    retry takes it in whole rather than as a duplicate without its attachments.
    """
    from estatedesk.documents.services import delete_files_now, document_upload

    record = result.record
    stored: list[str] = []
    try:
        for attachment in parsed.attachments:
            try:
                document = document_upload(
                    record=record,
                    actor=actor,
                    file=ContentFile(attachment.data, name=attachment.name),
                    description=_("E-mail attachment: %(subject)s")
                    % {"subject": parsed.subject[:400]},
                )
            except (ValidationError, PermissionDenied) as exc:
                logger.info("Attachment %s of message %s not stored: %s", attachment.name,
                            result.message.pk, exc)  # fmt: skip
            else:
                stored.append(document.file)
                result.documents.append(attachment.name)
    except BaseException:
        # The rows roll back with the message; their files must go with them.
        delete_files_now(stored)
        raise


def message_intake(*, office: Office, raw: bytes, mailbox: Mailbox | None = None) -> IntakeResult:
    """Take in one RFC 822 message for `office`, once per Message-ID.

    A known sender (contact before lead, e-mail matched case-insensitively) gets an incoming
    e-mail activity; anyone else becomes a new lead with source “E-mail”, owned by the
    mailbox's owner of new leads (or the office's first administrator). A property reference
    in the subject or body links the contact or lead to that property as “interested”. Attachments
    are listed on the activity and stored as documents where their type is allowed.
    Raises ValidationError for a message without a sender address, and StorageFull (nothing
    taken in, no file left) when the disk has no room for an attachment.
    """
    parsed = parse_message(raw)
    if not parsed.sender:
        raise ValidationError({"from": _("The message has no sender address.")})
    existing = IntakeMessage.objects.filter(office_id=office.pk, message_key=parsed.message_key)
    if (earlier := existing.first()) is not None:
        return _duplicate(earlier)
    try:
        with transaction.atomic():
            result, actor = _take_in(office, mailbox, parsed)
            if parsed.attachments and actor is not None:
                _store_attachments(result, actor, parsed)
    except IntegrityError:
        earlier = existing.first()
        if earlier is None:
            raise
        return _duplicate(earlier)
    return result


def _duplicate(earlier: IntakeMessage) -> IntakeResult:
    return IntakeResult(
        outcome=IntakeOutcome.DUPLICATE, message=earlier, lead=earlier.lead,
        contact=earlier.contact, activity=earlier.activity, listing=earlier.property,
        attachments=list(earlier.attachments),
    )  # fmt: skip


def _take_in(
    office: Office, mailbox: Mailbox | None, parsed: ParsedMessage
) -> tuple[IntakeResult, User | None]:
    message = IntakeMessage.objects.create(
        office_id=office.pk, mailbox=mailbox, message_key=parsed.message_key,
        message_id=parsed.message_id[:2000], sender=parsed.sender[:254],
        subject=parsed.subject[:300],
        outcome=IntakeOutcome.IGNORED if parsed.automatic_reply else IntakeOutcome.CREATED_LEAD,
        attachments=[a.name for a in parsed.attachments],
    )  # fmt: skip
    if parsed.automatic_reply:
        return IntakeResult(outcome=IntakeOutcome.IGNORED, message=message), None
    prop = find_property(office, f"{parsed.subject}\n{parsed.body}")
    result = IntakeResult(outcome=IntakeOutcome.LOGGED, message=message, listing=prop,
                          attachments=list(message.attachments))  # fmt: skip
    record = known_sender(office, parsed.sender)
    actor = None
    if record is not None:
        actor = active_staff(record.owner) or intake_owner(office, mailbox)
        try:
            if actor is None:  # nobody may write on it: as if nobody could see it
                raise PermissionDenied
            with transaction.atomic():
                result.activity = _log(record, actor, parsed, prop)
        except PermissionDenied:
            # A personal record of a departed agent nobody else may see: start afresh.
            logger.warning("Intake %s: %s %s not visible to %s", message.pk,
                           type(record).__name__, record.pk, actor)  # fmt: skip
            record = None
    if record is None or actor is None:  # (no actor means no record by now: said for mypy)
        actor = intake_owner(office, mailbox)
        if actor is None:
            raise ValidationError(_("The office has no active administrator to own new leads."))
        record = _new_lead(office, actor, parsed)
        result.outcome = IntakeOutcome.CREATED_LEAD
        result.activity = _log(record, actor, parsed, prop)
    if isinstance(record, Contact):
        result.contact = record
    else:
        result.lead = record
    if prop is not None:
        result.listing_linked = _link_interested(prop, record, actor)
    message.outcome = result.outcome
    message.lead, message.contact = result.lead, result.contact
    message.activity, message.property = result.activity, prop
    message.save()
    return result, actor


def _link_interested(prop: Property, record: Contact | Lead, actor: User) -> bool:
    """Link the contact or lead to the property as interested (already linked counts)."""
    from estatedesk.properties.models import PropertyLink

    contact = record if isinstance(record, Contact) else None
    lead = record if isinstance(record, Lead) else None
    end = {"contact": contact} if contact is not None else {"lead": lead}
    if PropertyLink.objects.filter(property=prop, role=LinkRole.INTERESTED, **end).exists():
        return True
    try:
        with transaction.atomic():
            property_link_add(
                property=prop, actor=actor, role=LinkRole.INTERESTED,
                note=_("From an e-mail inquiry"), contact=contact, lead=lead,
            )  # fmt: skip
    except (ValidationError, PermissionDenied) as exc:
        logger.info("Property %s not linked to %s %s: %s", prop.pk, type(record).__name__,
                    record.pk, exc)  # fmt: skip
        return False
    return True

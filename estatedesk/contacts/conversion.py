"""Lead conversion: a qualified lead becomes a contact (new, or merged into one), in steps.

`lead_convert` is the entry point; each step below does one part of the move, all in its one
transaction. Later apps move what hangs on a lead through CONVERSION_HOOKS.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _

from estatedesk.accounts import officecache
from estatedesk.accounts.models import User
from estatedesk.core import events
from estatedesk.core.permissions import require_staff

from .choices import CONVERTIBLE_STATUSES, LeadStatus
from .models import (
    Contact,
    ContactCategory,
    ContactEmail,
    ContactPhone,
    Lead,
    LeadCategory,
    LeadEmail,
    LeadPhone,
    SearchProfile,
)
from .search_text import refresh_search_text

# Later apps (activities, properties, documents) register here, in their AppConfig.ready, to
# move what hangs on a lead; each runs inside lead_convert's transaction.
CONVERSION_HOOKS: list[Callable[..., None]] = []


def lead_matching_contacts(*, lead: Lead, actor: User) -> models.QuerySet[Contact]:
    """Visible contacts that share an e-mail address or a phone number with the lead."""
    emails = [e.lower() for e in lead.emails.values_list("email", flat=True)]
    phones = list(lead.phones.values_list("number", flat=True))
    if not emails and not phones:
        return Contact.objects.none()
    by_email = (
        ContactEmail.objects.filter(office_id=lead.office_id)
        .annotate(lower=Lower("email"))
        .filter(lower__in=emails)
        .values("record_id")
    )
    by_phone = ContactPhone.objects.filter(office_id=lead.office_id, number__in=phones).values(
        "record_id"
    )
    return (
        Contact.objects.visible_to(actor)
        .filter(models.Q(pk__in=by_email) | models.Q(pk__in=by_phone))
        .prefetch_related("emails", "phones")
        .order_by("last_name", "first_name", "pk")
    )


@transaction.atomic
def lead_convert(*, lead: Lead, actor: User, merge_into: Contact | None = None) -> Contact:
    """Turn a qualified lead into a contact, keeping everything it knew.

    Names, phones, e-mails, source, categories (every user's), custom fields with the same key
    on contacts, notes and the property preferences (as a search profile) all move. With
    `merge_into`, the lead's data fills what the existing contact lacks and nothing of the
    contact is overwritten. The lead is marked Won and linked to its contact. All or nothing.
    """
    require_staff(actor)
    lead = _convertible_lead(lead, actor)
    merging = merge_into is not None
    if merge_into is not None:
        contact = _merged_contact(lead, merge_into, actor)
    else:
        contact = _new_contact(lead, actor)
    # Office, owner and source come from the lead (checked when it was saved); conversion sets
    # none of the consent fields that the contact's constraint is about (the database keeps it).
    contact.full_clean(exclude=["office", "owner", "source", "search_text", "sort_name"],
                       validate_constraints=False)  # fmt: skip
    contact.save()

    lead_phones, lead_emails = _copy_phones_and_emails(lead, contact, merging=merging)
    _copy_categories(lead, contact, merging=merging)
    _add_search_profile(lead, contact)
    _mark_won(lead, contact)
    if merging:
        refresh_search_text(contact)
    else:
        refresh_search_text(contact, phones=[p.number for p in lead_phones],
                            emails=[e.email for e in lead_emails])  # fmt: skip
    for hook in CONVERSION_HOOKS:
        hook(lead=lead, contact=contact, actor=actor)
    _publish(lead, contact, merging=merging)
    return contact


def _convertible_lead(lead: Lead, actor: User) -> Lead:
    """The lead, fresh and locked, if the actor sees it and it may be converted (once)."""
    fresh = Lead.objects.visible_to(actor).select_for_update().filter(pk=lead.pk).first()
    if fresh is None:
        raise PermissionDenied
    if fresh.converted_contact_id is not None:
        raise ValidationError(_("This lead was already converted."))
    if fresh.status not in CONVERTIBLE_STATUSES:
        raise ValidationError(
            {"status": _("Only a qualified or negotiating lead can be converted.")}
        )
    return fresh


def _merged_contact(lead: Lead, merge_into: Contact, actor: User) -> Contact:
    """The chosen contact with what it lacks filled in from the lead; nothing overwritten."""
    contact = Contact.objects.visible_to(actor).filter(pk=merge_into.pk).first()
    if contact is None:
        raise ValidationError({"merge_into": _("Choose a contact you can see.")})
    for field in ("first_name", "last_name"):
        if not getattr(contact, field):
            setattr(contact, field, getattr(lead, field))
    if contact.source_id is None:
        contact.source_id = lead.source_id
    if not contact.employer and lead.company:
        contact.employer = lead.company
    contact.notes = "\n\n".join(
        p for p in (contact.notes, lead.message, _lead_only_notes(lead, actor)) if p
    )
    contact.custom_fields = {**_contact_custom_fields(lead, actor), **contact.custom_fields}
    contact.last_contacted_at = _latest(contact.last_contacted_at, lead.last_contacted_at)
    return contact


def _new_contact(lead: Lead, actor: User) -> Contact:
    """A new (unsaved) contact made of the lead, owned and shared as the lead was."""
    return Contact(
        office_id=lead.office_id,
        owner_id=lead.owner_id,
        visibility=lead.visibility,
        first_name=lead.first_name,
        last_name=lead.last_name or lead.company,
        employer=lead.company,
        source_id=lead.source_id,
        notes="\n\n".join(p for p in (lead.message, _lead_only_notes(lead, actor)) if p),
        custom_fields=_contact_custom_fields(lead, actor),
        last_contacted_at=lead.last_contacted_at,
    )


def _copy_phones_and_emails(
    lead: Lead, contact: Contact, *, merging: bool
) -> tuple[list[LeadPhone], list[LeadEmail]]:
    """The lead's numbers and addresses the contact does not have yet; returns the lead's.

    A merged contact keeps its own primary number and address.
    """
    have_phones = set(contact.phones.values_list("number", flat=True)) if merging else set()
    have_emails = (
        {e.lower() for e in contact.emails.values_list("email", flat=True)} if merging else set()
    )
    lead_phones, lead_emails = list(lead.phones.all()), list(lead.emails.all())
    ContactPhone.objects.bulk_create(
        ContactPhone(
            office_id=contact.office_id,
            record=contact,
            label=p.label,
            number=p.number,
            is_primary=p.is_primary and not have_phones,
        )
        for p in lead_phones
        if p.number not in have_phones
    )
    ContactEmail.objects.bulk_create(
        ContactEmail(
            office_id=contact.office_id,
            record=contact,
            label=e.label,
            email=e.email,
            is_primary=e.is_primary and not have_emails,
        )
        for e in lead_emails
        if e.email.lower() not in have_emails
    )
    return lead_phones, lead_emails


def _copy_categories(lead: Lead, contact: Contact, *, merging: bool) -> None:
    """Every user's categories of the lead, on the contact too."""
    have_categories = (
        set(ContactCategory.objects.filter(record=contact).values_list("category_id", flat=True))
        if merging
        else set()
    )
    ContactCategory.objects.bulk_create(
        ContactCategory(office_id=contact.office_id, record=contact, category_id=cid)
        for cid in LeadCategory.objects.filter(record=lead).values_list("category_id", flat=True)
        if cid not in have_categories
    )


def _add_search_profile(lead: Lead, contact: Contact) -> None:
    """The lead's property preferences become a search profile of the contact."""
    profile = SearchProfile(
        office_id=contact.office_id,
        contact=contact,
        name=_("From lead of %(date)s") % {"date": lead.created_at.date().isoformat()},
        urgency=lead.urgency,
        timeframe=lead.timeframe,
        move_in_date=lead.move_in_date,
        from_lead=lead,
        **{f: getattr(lead, f) for f in Lead.PREFERENCE_FIELDS},
    )
    # The preferences passed the same range constraints on the lead (PropertyPreferences).
    profile.full_clean(exclude=["office", "contact", "from_lead"], validate_constraints=False)
    profile.save()


def _mark_won(lead: Lead, contact: Contact) -> None:
    lead.status = LeadStatus.WON
    lead.converted_contact = contact
    lead.converted_at = timezone.now()
    lead.save(update_fields=["status", "converted_contact", "converted_at", "updated_at"])


def _publish(lead: Lead, contact: Contact, *, merging: bool) -> None:
    """contact.created (or .updated, for a merge), then lead.converted with the contact."""
    contact_payload = events.record_payload(contact)
    event = events.CONTACT_UPDATED if merging else events.CONTACT_CREATED
    events.publish(event, office_id=contact.office_id, payload=contact_payload)
    payload = events.record_payload(lead, contact=contact_payload)
    events.publish(events.LEAD_CONVERTED, office_id=lead.office_id, payload=payload)


def _contact_custom_fields(lead: Lead, actor: User) -> dict[str, Any]:
    """Lead custom values whose key is also an (active) contact custom field."""
    keys = {d.key for d in officecache.custom_fields(actor.staff_office, "contact")}
    return {k: v for k, v in lead.custom_fields.items() if k in keys}


def _lead_only_notes(lead: Lead, actor: User) -> str:
    """Lead custom values that contacts have no (active) field for, as lines of notes:
    nothing is lost."""
    contact_keys = {d.key for d in officecache.custom_fields(actor.staff_office, "contact")}
    labels = {d.key: d.label for d in officecache.custom_fields(actor.staff_office, "lead")}
    return "\n".join(
        f"{labels.get(key, key)}: {value}"
        for key, value in sorted(lead.custom_fields.items())
        if key not in contact_keys and value not in (None, "")
    )


def _latest(a: datetime | None, b: datetime | None) -> datetime | None:
    return max((x for x in (a, b) if x is not None), default=None)

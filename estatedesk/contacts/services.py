"""Every write to leads, contacts and relations goes through these functions."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from estatedesk.accounts import officecache
from estatedesk.accounts.models import User
from estatedesk.classification.models import Category, LeadSource
from estatedesk.core import events
from estatedesk.core.choices import Visibility
from estatedesk.core.customfields import validate_values
from estatedesk.core.permissions import require_staff
from estatedesk.core.text import fold

from .choices import CONVERTIBLE_STATUSES, LeadStatus, Urgency
from .models import (
    Contact,
    ContactCategory,
    ContactEmail,
    ContactPerson,
    ContactPhone,
    Lead,
    LeadCategory,
    LeadEmail,
    LeadPhone,
    Relation,
    RelationCategory,
    RelationEmail,
    RelationPhone,
    SearchProfile,
)
from .phones import normalize_phone, search_digits

Record = TypeVar("Record", Lead, Contact, Relation)


@dataclass(frozen=True)
class PhoneIn:
    number: str
    label: str = "mobile"
    is_primary: bool = False


@dataclass(frozen=True)
class EmailIn:
    email: str
    label: str = "personal"
    is_primary: bool = False


CHILD_MODELS: dict[type, tuple[type, type, type]] = {
    Lead: (LeadPhone, LeadEmail, LeadCategory),
    Contact: (ContactPhone, ContactEmail, ContactCategory),
    Relation: (RelationPhone, RelationEmail, RelationCategory),
}
TARGETS = {Lead: "lead", Contact: "contact", Relation: "relation"}


def _check_references(record: Lead | Contact | Relation, actor: User) -> None:
    """Owner and source must belong to the record's office; nothing may cross offices."""
    errors: dict[str, str] = {}
    if record.owner_id is not None:
        owner = User.objects.filter(pk=record.owner_id).only("office_id", "is_active").first()
        if owner is None or owner.office_id != record.office_id or not owner.is_active:
            errors["owner"] = _("Choose an active user of your office as owner.")
    if (
        record.source_id is not None
        and not LeadSource.objects.filter(pk=record.source_id, office_id=record.office_id).exists()
    ):
        errors["source"] = _("Choose one of your office's lead sources.")
    if errors:
        raise ValidationError(errors)


def _normalize_phones(phones: list[PhoneIn], region: str) -> list[PhoneIn]:
    seen: set[str] = set()
    out = []
    errors = []
    for i, phone in enumerate(phones):
        try:
            number = normalize_phone(phone.number, region)
        except ValidationError as exc:
            errors.append(_("Phone %(n)d: %(msg)s") % {"n": i + 1, "msg": exc.messages[0]})
            continue
        if number in seen:
            errors.append(
                _("Phone %(n)d: %(number)s is given twice.") % {"n": i + 1, "number": number}
            )
            continue
        seen.add(number)
        out.append(PhoneIn(number=number, label=phone.label, is_primary=phone.is_primary))
    if errors:
        raise ValidationError({"phones": errors})
    return _one_primary(out)


def _normalize_emails(emails: list[EmailIn]) -> list[EmailIn]:
    from django.core.validators import validate_email

    seen: set[str] = set()
    out = []
    errors = []
    for i, item in enumerate(emails):
        address = item.email.strip()
        try:
            validate_email(address)
        except ValidationError:
            errors.append(
                _("E-mail %(n)d: “%(value)s” is not an e-mail address.")
                % {"n": i + 1, "value": address}
            )
            continue
        if address.lower() in seen:
            errors.append(
                _("E-mail %(n)d: %(value)s is given twice.") % {"n": i + 1, "value": address}
            )
            continue
        seen.add(address.lower())
        out.append(EmailIn(email=address, label=item.label, is_primary=item.is_primary))
    if errors:
        raise ValidationError({"emails": errors})
    return _one_primary(out)


def _one_primary(items: list):
    """Exactly one primary entry (the first marked one, else the first)."""
    if not items:
        return items
    first = next((i for i, item in enumerate(items) if item.is_primary), 0)
    return [
        type(item)(**{**item.__dict__, "is_primary": i == first}) for i, item in enumerate(items)
    ]


def _check_categories(categories: list[Category], actor: User) -> None:
    ids = {c.pk for c in categories}
    if ids and Category.objects.of_user(actor).filter(pk__in=ids).count() != len(ids):
        raise ValidationError({"categories": _("Choose only your own categories.")})


def _set_user_categories(record, actor: User, categories: list[Category]) -> None:
    """Replace the actor's categories on the record; other users' categories stay."""
    _check_categories(categories, actor)
    link_model = CHILD_MODELS[type(record)][2]
    mine = Category.objects.of_user(actor).values("pk")
    wanted = {c.pk for c in categories}
    link_model.objects.filter(record=record, category_id__in=mine).exclude(
        category_id__in=wanted
    ).delete()
    existing = set(
        link_model.objects.filter(record=record, category_id__in=wanted).values_list(
            "category_id", flat=True
        )
    )
    link_model.objects.bulk_create(
        link_model(office_id=record.office_id, record=record, category_id=pk)
        for pk in wanted - existing
    )


def _replace_children(record, phones: list[PhoneIn] | None, emails: list[EmailIn] | None) -> None:
    """Replace the record's phones and/or e-mails (None leaves that kind as it is)."""
    phone_model, email_model, _link = CHILD_MODELS[type(record)]
    if phones is not None:
        phone_model.objects.filter(record=record).delete()
        phone_model.objects.bulk_create(
            phone_model(office_id=record.office_id, record=record, **p.__dict__) for p in phones
        )
    if emails is not None:
        email_model.objects.filter(record=record).delete()
        email_model.objects.bulk_create(
            email_model(office_id=record.office_id, record=record, **e.__dict__) for e in emails
        )


def build_search_text(record, phones: list[str], emails: list[str]) -> str:
    parts: list[str] = []
    if isinstance(record, Relation):
        parts += [record.name, record.legal_name, record.city]
    else:
        parts += [record.first_name, record.last_name]
        if isinstance(record, Contact):
            parts += [record.middle_name, record.name_prefix, record.nickname, record.employer]
        else:
            parts.append(record.company)
    parts += emails
    parts += [search_digits(p) for p in phones]
    return " ".join(fold(p) for p in parts if p)


def build_sort_name(record) -> str:
    """What lists sort by: folded “last first” for people, the name for companies."""
    if isinstance(record, Relation):
        name = record.name
    else:
        name = f"{record.last_name} {record.first_name}".strip()
        if not name and isinstance(record, Lead):
            name = record.company
    return fold(name)[:255]


def refresh_search_text(record, *, phones: list[str] | None = None,
                        emails: list[str] | None = None) -> None:  # fmt: skip
    """Recompute the search text and sort name (services call this after every change); a
    caller that knows the record's phone numbers and e-mail addresses may pass them."""
    if phones is None:
        phones = list(record.phones.values_list("number", flat=True))
    if emails is None:
        emails = list(record.emails.values_list("email", flat=True))
    record.search_text = build_search_text(record, phones, emails)
    record.sort_name = build_sort_name(record)
    type(record).objects.filter(pk=record.pk).update(
        search_text=record.search_text, sort_name=record.sort_name
    )


def lead_score(lead: Lead, *, has_email: bool, has_phone: bool) -> tuple[int, list[str]]:
    """How promising a lead is (0–100), with the reasons, from what it tells us."""
    score, reasons = 0, []
    if has_phone:
        score += 15
        reasons.append(_("has a phone number (+15)"))
    if has_email:
        score += 10
        reasons.append(_("has an e-mail address (+10)"))
    if lead.budget_max or lead.budget_min:
        score += 20
        reasons.append(_("gave a budget (+20)"))
    if lead.property_types or lead.locations:
        score += 10
        reasons.append(_("said what and where (+10)"))
    urgency_points = {Urgency.HIGH: 25, Urgency.MEDIUM: 10, Urgency.LOW: 0}
    if points := urgency_points.get(lead.urgency, 0):
        score += points
        reasons.append(_("urgency %(u)s (+%(p)d)") % {"u": lead.get_urgency_display(), "p": points})
    if lead.timeframe in ("immediate", "3m"):
        score += 20
        reasons.append(_("wants to move within 3 months (+20)"))
    return min(score, 100), reasons


@transaction.atomic
def record_save(
    *,
    record: Record,
    actor: User,
    phones: list[PhoneIn] | None = None,
    emails: list[EmailIn] | None = None,
    categories: list[Category] | None = None,
    custom_fields: dict | None = None,
) -> Record:
    """Create or update a lead, contact or relation with its phones, e-mails and categories.

    Office always comes from the actor. Owner and visibility are only taken from the caller when
    the actor may administer the record (its owner or an office administrator); otherwise they
    stay as they were (or, for a new record, the actor owns it).
    """
    require_staff(actor)
    creating = record.pk is None
    if creating:
        record.office_id = actor.office_id
        if not actor.is_office_admin or record.owner_id is None:
            record.owner_id = actor.pk
    else:
        stored = type(record).objects.visible_to(actor).filter(pk=record.pk).first()
        if stored is None:
            raise PermissionDenied
        record.office_id = stored.office_id
        if not stored.can_administer(actor):
            record.owner_id = stored.owner_id
            record.visibility = stored.visibility
        elif not actor.is_office_admin and record.owner_id != stored.owner_id:
            # An agent may give away nothing but their own records, and only to themselves.
            record.owner_id = stored.owner_id
    _check_references(record, actor)
    region = actor.office.phone_region
    clean_phones = _normalize_phones(phones, region) if phones is not None else None
    clean_emails = _normalize_emails(emails) if emails is not None else None
    if custom_fields is not None:
        record.custom_fields = validate_values(
            record.office_id, TARGETS[type(record)], custom_fields
        )
    record.full_clean(exclude=["office", "owner", "search_text", "sort_name"])
    record.save()
    _replace_children(record, clean_phones, clean_emails)
    if isinstance(record, Lead):
        record.score, record.score_reasons = lead_score(
            record, has_email=record.emails.exists(), has_phone=record.phones.exists()
        )
        Lead.objects.filter(pk=record.pk).update(
            score=record.score, score_reasons=record.score_reasons
        )
    if categories is not None:
        _set_user_categories(record, actor, categories)
    refresh_search_text(record)
    if isinstance(record, Lead) and creating:
        payload = events.record_payload(record)
        events.publish(events.LEAD_CREATED, office_id=record.office_id, payload=payload)
    elif isinstance(record, Lead) and stored.status != record.status:
        payload = events.record_payload(record, previous_status=stored.status)
        events.publish(events.LEAD_STATUS_CHANGED, office_id=record.office_id, payload=payload)
    elif isinstance(record, Contact):
        event = events.CONTACT_CREATED if creating else events.CONTACT_UPDATED
        events.publish(event, office_id=record.office_id, payload=events.record_payload(record))
    return record


def _administered(record: Record, actor: User) -> Record:
    require_staff(actor)
    fresh = type(record).objects.visible_to(actor).filter(pk=record.pk).first()
    if fresh is None or not fresh.can_administer(actor):
        raise PermissionDenied
    return fresh


@transaction.atomic
def record_share(*, record: Record, actor: User, visibility: str = Visibility.OFFICE) -> Record:
    """The owner (or an administrator) shares a personal record with the office, or back."""
    record = _administered(record, actor)
    if visibility not in Visibility.values:
        raise ValidationError({"visibility": _("Choose personal or office.")})
    record.visibility = visibility
    record.save(update_fields=["visibility", "updated_at"])
    return record


@transaction.atomic
def record_set_categories(*, record: Record, actor: User, categories: list[Category]) -> Record:
    """Any user who sees a record may file it in their own categories."""
    require_staff(actor)
    if not type(record).objects.visible_to(actor).filter(pk=record.pk).exists():
        raise PermissionDenied
    _set_user_categories(record, actor, categories)
    return record


@transaction.atomic
def record_delete(*, record: Record, actor: User) -> None:
    record = _administered(record, actor)
    record.delete()


# --- relations and their contact persons --------------------------------------------------


@transaction.atomic
def contact_person_add(
    *,
    relation: Relation,
    contact: Contact,
    role: str,
    actor: User,
    role_note: str = "",
    is_primary: bool = False,
) -> ContactPerson:
    require_staff(actor)
    if not Relation.objects.visible_to(actor).filter(pk=relation.pk).exists():
        raise PermissionDenied
    if not Contact.objects.visible_to(actor).filter(pk=contact.pk).exists():
        raise ValidationError({"contact": _("Choose a contact you can see.")})
    if ContactPerson.objects.filter(relation=relation, contact=contact).exists():
        raise ValidationError({"contact": _("This contact is already a contact person here.")})
    person = ContactPerson(
        office_id=relation.office_id,
        relation=relation,
        contact=contact,
        role=role,
        role_note=role_note,
        is_primary=is_primary,
    )
    person.full_clean()
    if is_primary:
        ContactPerson.objects.filter(relation=relation).update(is_primary=False)
    person.save()
    return person


@transaction.atomic
def contact_person_remove(*, person: ContactPerson, actor: User) -> None:
    require_staff(actor)
    if not Relation.objects.visible_to(actor).filter(pk=person.relation_id).exists():
        raise PermissionDenied
    person.delete()


# --- lead conversion ------------------------------------------------------------------------


def lead_matching_contacts(*, lead: Lead, actor: User) -> models.QuerySet[Contact]:
    """Visible contacts that share an e-mail address or a phone number with the lead."""
    emails = [e.lower() for e in lead.emails.values_list("email", flat=True)]
    phones = list(lead.phones.values_list("number", flat=True))
    if not emails and not phones:
        return Contact.objects.none()
    from django.db.models.functions import Lower

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


LEAD_TO_CONTACT_FIELDS = ("first_name", "last_name", "source", "owner", "visibility")


@transaction.atomic
def lead_convert(*, lead: Lead, actor: User, merge_into: Contact | None = None) -> Contact:
    """Turn a qualified lead into a contact, keeping everything it knew.

    Names, phones, e-mails, source, categories (every user's), custom fields with the same key
    on contacts, notes and the property preferences (as a search profile) all move. With
    `merge_into`, the lead's data fills what the existing contact lacks and nothing of the
    contact is overwritten. The lead is marked Won and linked to its contact. All or nothing.
    """
    require_staff(actor)
    lead = Lead.objects.visible_to(actor).select_for_update().filter(pk=lead.pk).first()
    if lead is None:
        raise PermissionDenied
    if lead.converted_contact_id is not None:
        raise ValidationError(_("This lead was already converted."))
    if lead.status not in CONVERTIBLE_STATUSES:
        raise ValidationError(
            {"status": _("Only a qualified or negotiating lead can be converted.")}
        )
    if merge_into is not None:
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
    else:
        contact = Contact(
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
    # Office, owner and source come from the lead (checked when it was saved); conversion sets
    # none of the consent fields that the contact's constraint is about (the database keeps it).
    contact.full_clean(exclude=["office", "owner", "source", "search_text", "sort_name"],
                       validate_constraints=False)  # fmt: skip
    contact.save()

    merging = merge_into is not None
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

    lead.status = LeadStatus.WON
    lead.converted_contact = contact
    lead.converted_at = timezone.now()
    lead.save(update_fields=["status", "converted_contact", "converted_at", "updated_at"])
    if merging:
        refresh_search_text(contact)
    else:
        refresh_search_text(contact, phones=[p.number for p in lead_phones],
                            emails=[e.email for e in lead_emails])  # fmt: skip
    for hook in CONVERSION_HOOKS:
        hook(lead=lead, contact=contact, actor=actor)
    contact_payload = events.record_payload(contact)
    event = events.CONTACT_UPDATED if merge_into else events.CONTACT_CREATED
    events.publish(event, office_id=contact.office_id, payload=contact_payload)
    payload = events.record_payload(lead, contact=contact_payload)
    events.publish(events.LEAD_CONVERTED, office_id=lead.office_id, payload=payload)
    return contact


# Later apps (activities, documents) register here to move what hangs on a lead.
CONVERSION_HOOKS: list = []


def _contact_custom_fields(lead: Lead, actor: User) -> dict:
    """Lead custom values whose key is also an (active) contact custom field."""
    keys = {d.key for d in officecache.custom_fields(actor.office, "contact")}
    return {k: v for k, v in lead.custom_fields.items() if k in keys}


def _lead_only_notes(lead: Lead, actor: User) -> str:
    """Lead custom values that contacts have no (active) field for, as lines of notes:
    nothing is lost."""
    contact_keys = {d.key for d in officecache.custom_fields(actor.office, "contact")}
    labels = {d.key: d.label for d in officecache.custom_fields(actor.office, "lead")}
    return "\n".join(
        f"{labels.get(key, key)}: {value}"
        for key, value in sorted(lead.custom_fields.items())
        if key not in contact_keys and value not in (None, "")
    )


def _latest(a, b):
    return max((x for x in (a, b) if x is not None), default=None)

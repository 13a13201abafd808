"""Every write to leads, contacts and relations goes through these functions."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypeVar, cast

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from estatedesk.accounts.models import User
from estatedesk.classification.models import Category, LeadSource
from estatedesk.core import events
from estatedesk.core.choices import Visibility
from estatedesk.core.customfields import validate_values
from estatedesk.core.limits import check_room
from estatedesk.core.models import SharedRecord
from estatedesk.core.ownership import check_owner_and_visibility
from estatedesk.core.permissions import require_staff
from estatedesk.history.tracking import record_related_change

from .choices import Urgency
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
)
from .phones import normalize_phone
from .search_text import refresh_search_text

Record = TypeVar("Record", Lead, Contact, Relation)
# Any record with sharing rules: properties and projects share and delete through here too.
Shared = TypeVar("Shared", bound=SharedRecord)
_Item = TypeVar("_Item", "PhoneIn", "EmailIn")


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


# What hangs on each record type: its phone, e-mail address and category link models. Typed
# loosely: their abstract bases (PhoneNumber, EmailAddress, CategoryLink) declare neither the
# `record` each concrete model adds nor a manager.
CHILD_MODELS: dict[type[SharedRecord], tuple[type[Any], type[Any], type[Any]]] = {
    Lead: (LeadPhone, LeadEmail, LeadCategory),
    Contact: (ContactPhone, ContactEmail, ContactCategory),
    Relation: (RelationPhone, RelationEmail, RelationCategory),
}
TARGETS: dict[type[SharedRecord], str] = {Lead: "lead", Contact: "contact", Relation: "relation"}


def _check_references(record: Lead | Contact | Relation, actor: User) -> None:
    """Owner and source must belong to the record's office; nothing may cross offices."""
    errors: dict[str, str] = {}
    if record.owner_id is not None:
        owner = (
            User.objects.filter(pk=record.owner_id).only("office_id", "is_active", "role").first()
        )
        if (
            owner is None
            or owner.office_id != record.office_id
            or not owner.is_active
            or not owner.is_staff_member
        ):
            errors["owner"] = _("Choose an active user of your office as owner.")
    if (
        record.source_id is not None
        and not LeadSource.objects.filter(pk=record.source_id, office_id=record.office_id).exists()
    ):
        errors["source"] = _("Choose one of your office's lead sources.")
    if errors:
        raise ValidationError(errors)


def _normalize_phones(phones: list[PhoneIn], region: str) -> list[PhoneIn]:
    check_room("phones_per_record", 0, adding=len(phones), field="phones")
    seen: set[str] = set()
    out: list[PhoneIn] = []
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
    check_room("emails_per_record", 0, adding=len(emails), field="emails")
    from django.core.validators import validate_email

    seen: set[str] = set()
    out: list[EmailIn] = []
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


def _one_primary(items: list[_Item]) -> list[_Item]:
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


def _set_user_categories(
    record: Lead | Contact | Relation, actor: User, categories: list[Category]
) -> None:
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


def _replace_children(
    record: Lead | Contact | Relation,
    phones: list[PhoneIn] | None,
    emails: list[EmailIn] | None,
    *,
    creating: bool = False,
) -> None:
    """Replace the record's phones and/or e-mails (None leaves that kind as it is).

    A list the same as the stored one is not rewritten; a changed one of an existing record
    is logged as a change of the record (its Changes tab: "Phone numbers: … → …").
    """
    phone_model, email_model, _link = CHILD_MODELS[type(record)]
    if phones is not None:
        _replace_kind(record, phone_model, "phones", "number", phones, creating)
    if emails is not None:
        _replace_kind(record, email_model, "emails", "email", emails, creating)


def _replace_kind(
    record: Lead | Contact | Relation,
    model: type[Any],
    field: str,
    value_field: str,
    items: list[PhoneIn] | list[EmailIn],
    creating: bool,
) -> None:
    wanted = [(item.label, getattr(item, value_field), item.is_primary) for item in items]
    stored: list[tuple[str, str, bool]] = []
    if not creating:
        rows = model.objects.filter(record=record).order_by("pk")
        stored = list(rows.values_list("label", value_field, "is_primary"))
        if stored == wanted:
            return
        model.objects.filter(record=record).delete()
    model.objects.bulk_create(
        model(office_id=record.office_id, record=record, **item.__dict__) for item in items
    )
    if not creating:
        record_related_change(
            record, field, [_child_text(*row) for row in stored], [_child_text(*w) for w in wanted]
        )


def _child_text(label: str, value: str, is_primary: bool) -> str:
    """A phone or e-mail as the history shows it: "+31612345678 (mobile, primary)"."""
    if is_primary:
        return _("%(value)s (%(label)s, primary)") % {"value": value, "label": label}
    return _("%(value)s (%(label)s)") % {"value": value, "label": label}


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
    urgency_points: dict[str, int] = {Urgency.HIGH: 25, Urgency.MEDIUM: 10, Urgency.LOW: 0}
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
    custom_fields: dict[str, Any] | None = None,
) -> Record:
    """Create or update a lead, contact or relation with its phones, e-mails and categories.

    Office always comes from the actor; a new record without an owner is the actor's. An owner
    or visibility the actor may not set is refused on its field (`check_owner_and_visibility`).
    """
    office_id = require_staff(actor)
    creating = record.pk is None
    stored = None if creating else _stored_for_update(record, actor)
    if creating:
        record.office_id = office_id
        check_owner_and_visibility(record, stored=None, actor=actor)
        if record.owner_id is None:
            record.owner_id = actor.pk
    _check_references(record, actor)
    region = actor.staff_office.phone_region
    clean_phones = _normalize_phones(phones, region) if phones is not None else None
    clean_emails = _normalize_emails(emails) if emails is not None else None
    if custom_fields is not None:
        record.custom_fields = validate_values(
            record.office_id, TARGETS[type(record)], custom_fields
        )
    record.full_clean(exclude=["office", "owner", "search_text", "sort_name"])
    record.save()
    _replace_children(record, clean_phones, clean_emails, creating=creating)
    if isinstance(record, Lead):
        _score_lead(record)
    if categories is not None:
        _set_user_categories(record, actor, categories)
    refresh_search_text(record)
    _publish_saved(record, stored)
    return record


def _stored_for_update(record: Record, actor: User) -> Record:
    """The stored record, which the actor must see; the record keeps its office, and an owner
    or visibility the actor may not set is refused on its field. Returns the stored record."""
    stored = type(record).objects.visible_to(actor).filter(pk=record.pk).first()
    if stored is None:
        raise PermissionDenied
    record.office_id = stored.office_id
    check_owner_and_visibility(record, stored=stored, actor=actor)
    return stored


def _score_lead(lead: Lead) -> None:
    lead.score, lead.score_reasons = lead_score(
        lead, has_email=lead.emails.exists(), has_phone=lead.phones.exists()
    )
    Lead.objects.filter(pk=lead.pk).update(score=lead.score, score_reasons=lead.score_reasons)


def _publish_saved(record: Record, stored: Record | None) -> None:
    """lead.created or lead.status_changed; contact.created or contact.updated."""
    if isinstance(record, Lead) and stored is None:
        payload = events.record_payload(record)
        events.publish(events.LEAD_CREATED, office_id=record.office_id, payload=payload)
    elif isinstance(record, Lead) and stored.status != record.status:
        payload = events.record_payload(record, previous_status=stored.status)
        events.publish(events.LEAD_STATUS_CHANGED, office_id=record.office_id, payload=payload)
    elif isinstance(record, Contact):
        event = events.CONTACT_CREATED if stored is None else events.CONTACT_UPDATED
        events.publish(event, office_id=record.office_id, payload=events.record_payload(record))


def _administered(record: Shared, actor: User) -> Shared:
    require_staff(actor)
    fresh = type(record).objects.visible_to(actor).filter(pk=record.pk).first()
    if fresh is None or not fresh.can_administer(actor):
        raise PermissionDenied
    # The stubs type the manager of type(record) as SharedRecord's: its rows are record's type.
    return cast(Shared, fresh)


@transaction.atomic
def record_share(*, record: Shared, actor: User, visibility: str = Visibility.OFFICE) -> Shared:
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
def record_delete(*, record: Shared, actor: User) -> None:
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
    check_room(
        "contact_persons_per_relation",
        ContactPerson.objects.filter(relation=relation),
        field="contact",
        lock=Relation.objects.filter(pk=relation.pk),
    )
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

"""Every write of lead capture: setting up forms, and turning a public post into a lead."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from estatedesk.accounts.choices import Role
from estatedesk.accounts.models import User
from estatedesk.activities.choices import ActivityType
from estatedesk.activities.services import activity_log
from estatedesk.classification.models import LeadSource
from estatedesk.contacts.choices import PropertyType
from estatedesk.contacts.models import Lead
from estatedesk.contacts.phones import normalize_phone
from estatedesk.contacts.services import EmailIn, PhoneIn, record_save
from estatedesk.core.choices import Visibility
from estatedesk.core.permissions import require_admin
from estatedesk.properties.choices import LinkRole
from estatedesk.properties.models import Property, PropertyLink
from estatedesk.properties.services import property_link_add

from .choices import Assignment, FormField, Outcome
from .models import LeadForm, LeadFormAgent, Submission

logger = logging.getLogger(__name__)

# The hidden field of the embed snippet: people never see it, form-filling robots fill it.
HONEYPOT = "website"
# How long a second post from the same e-mail or phone lands on the first lead.
REPEAT_WINDOW = timedelta(hours=24)


def rate_limits() -> tuple[int, int]:
    """(posts per minute per address and form, posts per hour per form)."""
    return (
        getattr(settings, "CAPTURE_LIMIT_PER_IP_MINUTE", 5),
        getattr(settings, "CAPTURE_LIMIT_PER_FORM_HOUR", 200),
    )


# --- setting up forms (office administrators) ---------------------------------------------------


def _office_staff(user_ids: list[int], office_id: int) -> dict[int, User]:
    users = User.objects.filter(
        pk__in=user_ids, office_id=office_id, is_active=True, role__in=[Role.ADMIN, Role.AGENT]
    )
    return {u.pk: u for u in users}


@transaction.atomic
def lead_form_save(
    *,
    actor: User,
    form: LeadForm | None = None,
    name: str,
    fields: list[str],
    required_fields: list[str],
    source: LeadSource,
    assignment: str = Assignment.FIXED,
    owner: User | None = None,
    agents: list[User] | None = None,
    visibility: str = Visibility.OFFICE,
    redirect_url: str = "",
) -> LeadForm:
    """Create (form=None) or change a web form of the actor's office; validated as a whole."""
    require_admin(actor)
    if form is not None:
        form = (
            LeadForm.objects.select_for_update()
            .filter(pk=form.pk, office_id=actor.office_id)
            .first()
        )
        if form is None:
            raise PermissionDenied
    else:
        form = LeadForm(office_id=actor.office_id)
    agents = list(dict.fromkeys(agents or []))
    errors: dict[str, str] = {}
    name = (name or "").strip()
    if not name:
        errors["name"] = _("Give the form a name.")
    fields = list(dict.fromkeys(fields))
    if set(fields) - set(FormField.values):
        errors["fields"] = _("Choose fields from the list.")
    elif not ({FormField.EMAIL, FormField.PHONE} & set(fields)):
        errors["fields"] = _("Ask for an e-mail address or a phone number, or both.")
    required = list(dict.fromkeys(required_fields))
    if set(required) - set(fields):
        errors["required_fields"] = _("Only fields the form asks for can be required.")
    if source is None or source.office_id != actor.office_id:
        errors["source"] = _("Choose one of your office's lead sources.")
    if assignment not in Assignment.values:
        errors["assignment"] = _("Choose how leads are assigned.")
    staff = _office_staff([u.pk for u in [*agents, *([owner] if owner else [])]], actor.office_id)
    if assignment == Assignment.FIXED:
        if owner is None or owner.pk not in staff:
            errors["owner"] = _("Choose an active user of your office.")
        agents = []
    elif assignment == Assignment.ROUND_ROBIN:
        if not agents:
            errors["agents"] = _("Choose at least one agent for the rotation.")
        elif any(a.pk not in staff for a in agents):
            errors["agents"] = _("Choose active users of your office.")
        owner = None
    if visibility not in Visibility.values:
        errors["visibility"] = _("Choose personal or office.")
    redirect_url = (redirect_url or "").strip()
    if redirect_url:
        try:
            URLValidator(schemes=["http", "https"])(redirect_url)
        except ValidationError:
            errors["redirect_url"] = _("Give a web address starting with http:// or https://.")
    if errors:
        raise ValidationError(errors)
    form.name = name[:100]
    form.fields = [str(f) for f in fields]
    form.required_fields = [str(f) for f in required]
    form.source = source
    form.assignment = assignment
    form.owner = owner
    form.visibility = visibility
    form.redirect_url = redirect_url
    form.full_clean(exclude=["office", "source", "owner"])
    form.save()
    wanted = [a.pk for a in agents]
    LeadFormAgent.objects.filter(form=form).exclude(user_id__in=wanted).delete()
    for position, user_id in enumerate(wanted):
        LeadFormAgent.objects.update_or_create(
            form=form, user_id=user_id,
            defaults={"office_id": form.office_id, "position": position},
        )  # fmt: skip
    return form


@transaction.atomic
def lead_form_set_active(*, form: LeadForm, actor: User, active: bool) -> LeadForm:
    """A deactivated form answers 404 to posts; its submissions and leads stay."""
    require_admin(actor)
    updated = LeadForm.objects.filter(pk=form.pk, office_id=actor.office_id).update(
        is_active=active, updated_at=timezone.now()
    )
    if not updated:
        raise PermissionDenied
    form.is_active = active
    return form


# --- validating a post --------------------------------------------------------------------------

TEXT_LIMITS = {
    FormField.FIRST_NAME: 100,
    FormField.LAST_NAME: 100,
    FormField.EMAIL: 254,
    FormField.PHONE: 40,
    FormField.MESSAGE: 5000,
    FormField.PROPERTY_REFERENCE: 30,
    FormField.LOCATIONS: 500,
}


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        value = value[0] if value else ""
    if isinstance(value, dict | list):
        raise ValueError
    return str(value).strip()


def _decimal(value: str, field_name: str, errors: dict) -> Decimal | None:
    if not value:
        return None
    try:
        number = Decimal(value.replace(" ", "").replace(",", "."))
    except InvalidOperation:
        errors[field_name] = [_("Enter a number.")]
        return None
    if not number.is_finite() or number < 0 or number >= Decimal("1e12"):
        errors[field_name] = [_("Enter an amount from 0 up to 999,999,999,999.")]
        return None
    return number.quantize(Decimal("0.01"))


def submission_clean(*, form: LeadForm, data: dict, region: str) -> tuple[dict, dict]:
    """(cleaned values, {field: [messages]}) for the fields this form accepts; the rest is
    ignored, so a site may post more than the form asks."""
    cleaned: dict[str, Any] = {}
    errors: dict[str, list[str]] = {}
    accepted = [f for f in FormField.values if f in form.fields]
    for name in accepted:
        raw = data.get(name)
        if name == FormField.PROPERTY_TYPES:
            items = raw if isinstance(raw, list) else _text(raw).split(",") if raw else []
            items = [str(i).strip() for i in items if str(i).strip()]
            unknown = [i for i in items if i not in PropertyType.values]
            if unknown:
                errors[name] = [
                    _("Unknown property type: %(value)s. Choose from %(choices)s.")
                    % {"value": ", ".join(unknown), "choices": ", ".join(PropertyType.values)}
                ]
            cleaned[name] = list(dict.fromkeys(items))
            continue
        try:
            value = _text(raw)
        except ValueError:
            errors[name] = [_("Give a single value.")]
            continue
        limit = TEXT_LIMITS.get(name)
        if limit and len(value) > limit:
            errors[name] = [_("Keep this under %(limit)d characters.") % {"limit": limit + 1}]
            continue
        cleaned[name] = value
    for name in form.required_fields:
        if name in accepted and name not in errors and not cleaned.get(name):
            errors[name] = [_("This field is required.")]
    if cleaned.get(FormField.EMAIL) and FormField.EMAIL not in errors:
        try:
            validate_email(cleaned[FormField.EMAIL])
        except ValidationError:
            errors[FormField.EMAIL] = [_("Enter a valid e-mail address.")]
        else:
            cleaned[FormField.EMAIL] = cleaned[FormField.EMAIL].lower()
    if cleaned.get(FormField.PHONE) and FormField.PHONE not in errors:
        try:
            cleaned[FormField.PHONE] = normalize_phone(cleaned[FormField.PHONE], region)
        except ValidationError as exc:
            errors[FormField.PHONE] = exc.messages
    for name in (FormField.BUDGET_MIN, FormField.BUDGET_MAX):
        if name in cleaned and name not in errors:
            cleaned[name] = _decimal(cleaned[name], name, errors)
    if (
        cleaned.get(FormField.BUDGET_MIN) is not None
        and cleaned.get(FormField.BUDGET_MAX) is not None
        and cleaned[FormField.BUDGET_MIN] > cleaned[FormField.BUDGET_MAX]
    ):
        errors[FormField.BUDGET_MAX] = [_("The budget maximum must not be below the minimum.")]
    if cleaned.get(FormField.BEDROOMS) and FormField.BEDROOMS not in errors:
        value = cleaned[FormField.BEDROOMS]
        if not value.isdigit() or int(value) > 50:
            errors[FormField.BEDROOMS] = [_("Enter a whole number from 0 to 50.")]
        else:
            cleaned[FormField.BEDROOMS] = int(value)
    elif FormField.BEDROOMS in cleaned and FormField.BEDROOMS not in errors:
        cleaned[FormField.BEDROOMS] = None
    reachable = [f for f in (FormField.EMAIL, FormField.PHONE) if f in accepted]
    if reachable and not any(cleaned.get(f) or f in errors for f in reachable):
        errors[reachable[0]] = [_("Give an e-mail address or a phone number.")]
    return cleaned, errors


# --- receiving a post ---------------------------------------------------------------------------


@dataclass
class SubmissionResult:
    outcome: str
    form: LeadForm
    lead: Lead | None = None
    errors: dict = field(default_factory=dict)


def _first_admin(office_id: int) -> User | None:
    return (
        User.objects.filter(office_id=office_id, role=Role.ADMIN, is_active=True)
        .order_by("pk")
        .first()
    )


def _next_agent(form: LeadForm) -> User | None:
    """The fixed agent, or the next active agent of the rotation (the form row is locked)."""
    if form.assignment == Assignment.ROUND_ROBIN:
        rotation = [
            link.user
            for link in LeadFormAgent.objects.filter(
                form=form, user__is_active=True, user__office_id=form.office_id
            ).select_related("user")
            if link.user.is_staff_member
        ]
        if rotation:
            agent = rotation[form.rotation_position % len(rotation)]
            LeadForm.objects.filter(pk=form.pk).update(rotation_position=F("rotation_position") + 1)
            return agent
    elif form.owner_id is not None:
        owner = User.objects.filter(
            pk=form.owner_id, office_id=form.office_id, is_active=True
        ).first()
        if owner is not None and owner.is_staff_member:
            return owner
    return _first_admin(form.office_id)


def _is_rate_limited(form: LeadForm, ip: str | None, now: datetime) -> bool:
    per_ip_minute, per_form_hour = rate_limits()
    counted = Submission.objects.filter(office_id=form.office_id, form=form).exclude(
        outcome=Outcome.RATE_LIMITED
    )
    if ip and counted.filter(ip_address=ip, created_at__gte=now - timedelta(minutes=1)).count() >= (
        per_ip_minute
    ):
        return True
    return counted.filter(created_at__gte=now - timedelta(hours=1)).count() >= per_form_hour


def _recent_lead(office_id: int, email: str, phone: str, now: datetime) -> Lead | None:
    """The lead an earlier post of the last 24 hours made for the same e-mail or phone."""
    match = Q()
    if email:
        match |= Q(email=email)
    if phone:
        match |= Q(phone=phone)
    if not match:
        return None
    earlier = (
        Submission.objects.filter(
            match,
            office_id=office_id,
            created_at__gte=now - REPEAT_WINDOW,
            outcome__in=[Outcome.CREATED, Outcome.DUPLICATE],
            lead__isnull=False,
        )
        .order_by("-created_at", "-pk")
        .values_list("lead_id", flat=True)
        .first()
    )
    return Lead.objects.filter(pk=earlier, office_id=office_id).first() if earlier else None


def _referenced_property(form: LeadForm, cleaned: dict) -> Property | None:
    """The office's property whose reference the post names (any case), if any."""
    reference = cleaned.get(FormField.PROPERTY_REFERENCE)
    if not reference:
        return None
    return Property.objects.filter(office_id=form.office_id, reference__iexact=reference).first()


def _link_interested(prop: Property, lead: Lead, actor: User) -> bool:
    """Link the lead to the property as interested (already linked counts as linked).

    A property the lead's agent may not see stays named on the note only.
    """
    if PropertyLink.objects.filter(property=prop, lead=lead, role=LinkRole.INTERESTED).exists():
        return True
    try:
        with transaction.atomic():
            property_link_add(property=prop, actor=actor, role=LinkRole.INTERESTED, lead=lead,
                              note=_("From a web form"))  # fmt: skip
    except (ValidationError, PermissionDenied) as exc:
        logger.info("Property %s not linked to lead %s: %s", prop.pk, lead.pk, exc)
        return False
    return True


def _note(form: LeadForm, cleaned: dict, prop: Property | None = None) -> tuple[str, str]:
    """Subject and body of the activity a post leaves on its lead (`prop`: the property its
    reference names)."""
    subject = _("Web form: %(name)s") % {"name": form.name}
    lines = [cleaned.get(FormField.MESSAGE, "")]
    reference = cleaned.get(FormField.PROPERTY_REFERENCE)
    if reference:
        lines.append(
            _("About property %(property)s") % {"property": prop}
            if prop
            else _("About property reference %(ref)s (not found)") % {"ref": reference}
        )
    extras = [
        (FormField.PROPERTY_TYPES, ", ".join(cleaned.get(FormField.PROPERTY_TYPES) or [])),
        (FormField.LOCATIONS, cleaned.get(FormField.LOCATIONS)),
        (FormField.BUDGET_MIN, cleaned.get(FormField.BUDGET_MIN)),
        (FormField.BUDGET_MAX, cleaned.get(FormField.BUDGET_MAX)),
        (FormField.BEDROOMS, cleaned.get(FormField.BEDROOMS)),
    ]
    lines += [f"{FormField(name).label}: {value}" for name, value in extras if value not in
              (None, "")]  # fmt: skip
    return subject, "\n\n".join(str(line) for line in lines if line) or subject


def _log_note(lead: Lead, actor: User, subject: str, body: str) -> None:
    activity_log(actor=actor, kind=ActivityType.NOTE, records=[lead], subject=subject[:200],
                 body=body)  # fmt: skip


def _create_lead(form: LeadForm, cleaned: dict, agent: User) -> Lead:
    email, phone = cleaned.get(FormField.EMAIL, ""), cleaned.get(FormField.PHONE, "")
    lead = Lead(
        owner=agent,
        visibility=form.visibility,
        source_id=form.source_id,
        first_name=cleaned.get(FormField.FIRST_NAME, ""),
        last_name=cleaned.get(FormField.LAST_NAME, ""),
        property_types=cleaned.get(FormField.PROPERTY_TYPES) or [],
        locations=cleaned.get(FormField.LOCATIONS, ""),
        budget_min=cleaned.get(FormField.BUDGET_MIN),
        budget_max=cleaned.get(FormField.BUDGET_MAX),
        bedrooms=cleaned.get(FormField.BEDROOMS),
    )
    if not (lead.first_name or lead.last_name):
        # A lead needs a name; until someone asks, the address it wrote from stands for it.
        lead.last_name = (email or phone)[:100]
    return record_save(
        record=lead,
        actor=agent,
        phones=[PhoneIn(number=phone)] if phone else [],
        emails=[EmailIn(email=email)] if email else [],
    )


def submission_receive(
    *, key: str, data: dict, ip: str | None, now: datetime | None = None
) -> SubmissionResult:
    """Turn one public post into a lead (or an activity on a recent one), or refuse it.

    Raises LeadForm.DoesNotExist for an unknown or inactive form. The form row is locked for
    the whole post, so rate limits count and the round-robin turns correctly under concurrency.
    Every post is recorded with its outcome; what it created is all or nothing.
    """
    now = now or timezone.now()
    with transaction.atomic():
        form = LeadForm.objects.select_for_update().get(key=key, is_active=True)

        def record(outcome: str, **extra) -> SubmissionResult:
            Submission.objects.create(
                office_id=form.office_id, form=form, ip_address=ip, outcome=outcome,
                email=extra.get("email", ""), phone=extra.get("phone", ""),
                lead=extra.get("lead"), errors=extra.get("errors", {}),
            )  # fmt: skip
            return SubmissionResult(
                outcome=outcome, form=form, lead=extra.get("lead"), errors=extra.get("errors", {})
            )

        if _is_rate_limited(form, ip, now):
            return record(Outcome.RATE_LIMITED)
        if _text_or_empty(data.get(HONEYPOT)):
            return record(Outcome.SPAM)
        region = form.office.phone_region if form.office_id else ""
        cleaned, errors = submission_clean(form=form, data=data, region=region)
        if errors:
            return record(Outcome.INVALID, errors=errors)
        email, phone = cleaned.get(FormField.EMAIL, ""), cleaned.get(FormField.PHONE, "")
        prop = _referenced_property(form, cleaned)
        subject, body = _note(form, cleaned, prop)

        existing = _recent_lead(form.office_id, email, phone, now)
        if existing is not None:
            actor = existing.owner if existing.owner.is_active else _first_admin(form.office_id)
            try:
                with transaction.atomic():
                    _log_note(existing, actor, subject, body)
            except (PermissionDenied, AttributeError):
                logger.warning("Form %s: could not add to lead %s", form.pk, existing.pk)
            else:
                if prop is not None:
                    _link_interested(prop, existing, actor)
                return record(Outcome.DUPLICATE, email=email, phone=phone, lead=existing)

        agent = _next_agent(form)
        if agent is None:
            return record(Outcome.INVALID, errors={"__all__": [_("This form has no agent.")]})
        try:
            with transaction.atomic():
                lead = _create_lead(form, cleaned, agent)
                _log_note(lead, agent, subject, body)
                if prop is not None:
                    _link_interested(prop, lead, agent)
        except ValidationError as exc:
            messages = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
            return record(Outcome.INVALID, errors=messages, email=email, phone=phone)
        return record(Outcome.CREATED, email=email, phone=phone, lead=lead)


def _text_or_empty(value: Any) -> str:
    try:
        return _text(value)
    except ValueError:
        return "x"

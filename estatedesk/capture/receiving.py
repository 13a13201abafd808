"""Receiving a public post: a new lead, a note on a recent one, or a refusal, each recorded."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from estatedesk.accounts.choices import Role
from estatedesk.accounts.models import User
from estatedesk.activities.choices import ActivityType
from estatedesk.activities.services import activity_log
from estatedesk.contacts.models import Lead
from estatedesk.contacts.services import EmailIn, PhoneIn, record_save
from estatedesk.properties.choices import LinkRole
from estatedesk.properties.models import Property, PropertyLink
from estatedesk.properties.services import property_link_add

from .choices import Assignment, FormField, Outcome
from .cleaning import submission_clean, text_or_marker
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


@dataclass
class SubmissionResult:
    outcome: str
    form: LeadForm
    lead: Lead | None = None
    errors: dict[str, Any] = field(default_factory=dict)


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


def _referenced_property(form: LeadForm, cleaned: dict[str, Any]) -> Property | None:
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


def _note(form: LeadForm, cleaned: dict[str, Any], prop: Property | None = None) -> tuple[str, str]:
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


def _create_lead(form: LeadForm, cleaned: dict[str, Any], agent: User) -> Lead:
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
    *, key: str, data: dict[str, Any], ip: str | None, now: datetime | None = None
) -> SubmissionResult:
    """Turn one public post into a lead (or an activity on a recent one), or refuse it.

    Raises LeadForm.DoesNotExist for an unknown or inactive form. The form row is locked for
    the whole post, so rate limits count and the round-robin turns correctly under concurrency.
    Every post is recorded with its outcome; what it created is all or nothing.
    """
    now = now or timezone.now()
    with transaction.atomic():
        form = LeadForm.objects.select_for_update().get(key=key, is_active=True)
        post = _Post(form=form, ip=ip)
        if _is_rate_limited(form, ip, now):
            return post.record(Outcome.RATE_LIMITED)
        if text_or_marker(data.get(HONEYPOT)):
            return post.record(Outcome.SPAM)
        region = form.office.phone_region if form.office_id else ""
        cleaned, errors = submission_clean(form=form, data=data, region=region)
        if errors:
            return post.record(Outcome.INVALID, errors=errors)
        email, phone = cleaned.get(FormField.EMAIL, ""), cleaned.get(FormField.PHONE, "")
        prop = _referenced_property(form, cleaned)
        subject, body = _note(form, cleaned, prop)
        existing = _recent_lead(form.office_id, email, phone, now)
        if existing is not None and _add_to_lead(existing, form, prop, subject, body):
            return post.record(Outcome.DUPLICATE, email=email, phone=phone, lead=existing)
        return _new_lead(post, cleaned, prop, subject, body)


@dataclass
class _Post:
    """One post being received, and the Submission row that records what became of it."""

    form: LeadForm
    ip: str | None

    def record(
        self, outcome: str, *, email: str = "", phone: str = "", lead: Lead | None = None,
        errors: dict[str, Any] | None = None,
    ) -> SubmissionResult:  # fmt: skip
        Submission.objects.create(
            office_id=self.form.office_id, form=self.form, ip_address=self.ip, outcome=outcome,
            email=email, phone=phone, lead=lead, errors=errors or {},
        )  # fmt: skip
        return SubmissionResult(outcome=outcome, form=self.form, lead=lead, errors=errors or {})


def _add_to_lead(
    lead: Lead, form: LeadForm, prop: Property | None, subject: str, body: str
) -> bool:
    """A repeated post becomes a note (and a property link) on the earlier lead, if possible."""
    actor = lead.owner if lead.owner.is_active else _first_admin(form.office_id)
    try:
        if actor is None:  # no active owner, nor an administrator, to write as
            raise PermissionDenied
        with transaction.atomic():
            _log_note(lead, actor, subject, body)
    except (PermissionDenied, AttributeError):
        logger.warning("Form %s: could not add to lead %s", form.pk, lead.pk)
        return False
    if prop is not None:
        _link_interested(prop, lead, actor)
    return True


def _new_lead(
    post: _Post, cleaned: dict[str, Any], prop: Property | None, subject: str, body: str
) -> SubmissionResult:
    """A new lead for the form's next agent, with the note (and link): all or nothing."""
    agent = _next_agent(post.form)
    if agent is None:
        return post.record(Outcome.INVALID, errors={"__all__": [_("This form has no agent.")]})
    email, phone = cleaned.get(FormField.EMAIL, ""), cleaned.get(FormField.PHONE, "")
    try:
        with transaction.atomic():
            lead = _create_lead(post.form, cleaned, agent)
            _log_note(lead, agent, subject, body)
            if prop is not None:
                _link_interested(prop, lead, agent)
    except ValidationError as exc:
        messages = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
        return post.record(Outcome.INVALID, errors=messages, email=email, phone=phone)
    return post.record(Outcome.CREATED, email=email, phone=phone, lead=lead)

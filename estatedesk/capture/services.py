"""Setting up web forms (office administrators); receiving their posts is receiving.py's."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from estatedesk.accounts.choices import Role
from estatedesk.accounts.models import User
from estatedesk.classification.models import LeadSource
from estatedesk.core.choices import Visibility
from estatedesk.core.permissions import require_admin

from .choices import Assignment, FormField
from .models import LeadForm, LeadFormAgent

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
    office_id = require_admin(actor)
    form = _own_form(form, office_id) if form is not None else LeadForm(office_id=office_id)
    agents = list(dict.fromkeys(agents or []))
    errors: dict[str, str] = {}
    name = (name or "").strip()
    if not name:
        errors["name"] = _("Give the form a name.")
    fields, required = _check_fields(fields, required_fields, errors)
    if source is None or source.office_id != office_id:
        errors["source"] = _("Choose one of your office's lead sources.")
    owner, agents = _check_assignment(assignment, owner, agents, office_id, errors)
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
    _save_rotation(form, agents)
    return form


def _own_form(form: LeadForm, office_id: int) -> LeadForm:
    """The form, fresh and locked, if it is the office's (the actor's)."""
    fresh = LeadForm.objects.select_for_update().filter(pk=form.pk, office_id=office_id)
    found = fresh.first()
    if found is None:
        raise PermissionDenied
    return found


def _check_fields(
    fields: list[str], required_fields: list[str], errors: dict[str, str]
) -> tuple[list[str], list[str]]:
    """The fields asked and required, once each; a form must ask for an e-mail or a phone."""
    fields = list(dict.fromkeys(fields))
    if set(fields) - set(FormField.values):
        errors["fields"] = _("Choose fields from the list.")
    elif not ({FormField.EMAIL, FormField.PHONE} & set(fields)):
        errors["fields"] = _("Ask for an e-mail address or a phone number, or both.")
    required = list(dict.fromkeys(required_fields))
    if set(required) - set(fields):
        errors["required_fields"] = _("Only fields the form asks for can be required.")
    return fields, required


def _check_assignment(
    assignment: str, owner: User | None, agents: list[User], office_id: int,
    errors: dict[str, str],
) -> tuple[User | None, list[User]]:  # fmt: skip
    """A fixed owner, or a rotation of agents: active staff of the office; the other unset."""
    if assignment not in Assignment.values:
        errors["assignment"] = _("Choose how leads are assigned.")
    staff = _office_staff([u.pk for u in [*agents, *([owner] if owner else [])]], office_id)
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
    return owner, agents


def _save_rotation(form: LeadForm, agents: list[User]) -> None:
    """The form's agents in the order given; agents no longer in it are removed."""
    wanted = [a.pk for a in agents]
    LeadFormAgent.objects.filter(form=form).exclude(user_id__in=wanted).delete()
    for position, user_id in enumerate(wanted):
        LeadFormAgent.objects.update_or_create(
            form=form, user_id=user_id,
            defaults={"office_id": form.office_id, "position": position},
        )  # fmt: skip


@transaction.atomic
def lead_form_set_active(*, form: LeadForm, actor: User, active: bool) -> LeadForm:
    """A deactivated form answers 404 to posts; its submissions and leads stay."""
    office_id = require_admin(actor)
    updated = LeadForm.objects.filter(pk=form.pk, office_id=office_id).update(
        is_active=active, updated_at=timezone.now()
    )
    if not updated:
        raise PermissionDenied
    form.is_active = active
    return form

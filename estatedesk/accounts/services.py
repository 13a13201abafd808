"""Every write to offices and users: creating offices, inviting, roles, handing over records."""

import secrets
from typing import Any
from urllib.parse import urlsplit

from django.apps import apps
from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from estatedesk.core.permissions import require_admin

from . import signals
from .choices import Role
from .models import Office, User

# The record types an administrator hands over from a departing user (app_label.Model).
HANDOVER_MODELS = ["contacts.Lead", "contacts.Contact", "contacts.Relation"]

# What an administrator may change about their office under Setup.
OFFICE_EDITABLE_FIELDS = (
    "name", "country", "phone_region", "currency", "timezone", "language", "require_two_factor",
    "logo", "brand_colour",
)  # fmt: skip


@transaction.atomic
def office_create(*, name: str, **fields: Any) -> Office:
    """Create an office; the apps above give it what a new office starts with (`office_created`:
    the five default lead sources), in the same transaction."""
    office = Office(name=name, **fields)
    office.full_clean()
    office.save()
    signals.office_created.send(sender=Office, office=office)
    return office


@transaction.atomic
def user_create(
    *,
    office: Office,
    email: str,
    full_name: str,
    role: str = Role.AGENT,
    password: str | None = None,
    actor: User | None = None,
) -> User:
    """Add a user to an office; `actor` is None only for set-up commands and the demo."""
    if actor is not None:
        require_admin(actor, office)
    email = email.strip().lower()
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError({"email": _("A user with this e-mail address already exists.")})
    user = User(office=office, email=email, full_name=full_name.strip(), role=role)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    return user


@transaction.atomic
def office_update(*, office: Office, actor: User, **fields: Any) -> Office:
    """Change the office's settings (name, country, phone region, currency, timezone, language,
    whether two-factor sign-in is required, the client portal's logo and colour).

    Validated as a whole; on a ValidationError neither the database nor `office` changes.
    """
    require_admin(actor, office)
    unknown = set(fields) - set(OFFICE_EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"office_update() cannot change {', '.join(sorted(unknown))}")
    if isinstance(fields.get("name"), str):
        fields["name"] = fields["name"].strip()
    if isinstance(fields.get("currency"), str):
        fields["currency"] = fields["currency"].strip().upper()
    # Validate a fresh copy, so that a refused change leaves the caller's instance untouched.
    updated = Office.objects.select_for_update().get(pk=office.pk)
    for name, value in fields.items():
        setattr(updated, name, value)
    updated.full_clean()
    updated.save(update_fields=[*fields, "updated_at"])
    for name in [*fields, "updated_at"]:
        setattr(office, name, getattr(updated, name))
    return office


def user_password_changed(*, user: User, revoke_api_tokens: bool) -> None:
    """After a user changed their own password (their other sessions have ended: Django ties
    sessions to the password hash), revoke their API tokens too if they asked."""
    signals.password_changed.send(sender=User, user=user, revoke_api_tokens=revoke_api_tokens)


def site_link_options() -> dict[str, Any]:
    """How e-mailed links (invitations, password resets) name the site: from the configured
    address (ESTATEDESK_BASE_URL), never from the request's Host header, which a client writes."""
    address = urlsplit(settings.ESTATEDESK_BASE_URL)
    return {"domain_override": address.netloc, "use_https": address.scheme == "https"}


@transaction.atomic
def user_invite(
    *,
    office: Office,
    email: str,
    full_name: str,
    role: str,
    actor: User,
) -> User:
    """Create the user and e-mail them a link to choose their password (once committed)."""
    user = user_create(office=office, email=email, full_name=full_name, role=role, actor=actor)

    def send() -> None:
        form = PasswordResetForm({"email": user.email})
        if form.is_valid():
            form.save(
                **site_link_options(),
                subject_template_name="accounts/invite_subject.txt",
                email_template_name="accounts/invite_email.txt",
                from_email=settings.DEFAULT_FROM_EMAIL,
                # The stubs allow str values only; the e-mail's template context takes any.
                extra_email_context={"office": office, "inviter": actor},  # type: ignore[dict-item]
            )

    # Django mails reset links only to users with a usable password: give a random one nobody knows.
    user.set_password(secrets.token_urlsafe(32))
    user.save(update_fields=["password"])
    transaction.on_commit(send)
    return user


@transaction.atomic
def user_update_role(*, user: User, role: str, actor: User) -> User:
    require_admin(actor, user.office)
    if user.pk == actor.pk and role != Role.ADMIN:
        raise ValidationError({"role": _("You cannot take away your own administrator role.")})
    user.role = role
    user.save(update_fields=["role"])
    return user


@transaction.atomic
def user_set_active(*, user: User, active: bool, actor: User) -> User:
    """Deactivating a user ends their sessions at once: auth refuses inactive users."""
    require_admin(actor, user.office)
    if user.pk == actor.pk and not active:
        raise ValidationError(_("You cannot deactivate yourself."))
    user.is_active = active
    user.save(update_fields=["is_active"])
    # No session hunting needed: ModelBackend.get_user returns no user for an inactive one, so
    # every open session of theirs is anonymous from the next request on.
    return user


@transaction.atomic
def records_handover(*, from_user: User, to_user: User, actor: User) -> dict[str, int]:
    """Give every lead, contact and relation of `from_user` to `to_user` (a departing agent)."""
    require_admin(actor, from_user.office)
    if to_user.office_id != from_user.office_id:
        raise ValidationError({"to_user": _("Choose a user of the same office.")})
    if not to_user.is_active:
        raise ValidationError({"to_user": _("Choose an active user.")})
    if to_user.pk == from_user.pk:
        raise ValidationError({"to_user": _("Choose another user.")})
    moved: dict[str, int] = {}
    for label in HANDOVER_MODELS:
        model = apps.get_model(label)
        moved[model._meta.verbose_name_plural] = model.objects.filter(
            office_id=from_user.office_id, owner=from_user
        ).update(owner=to_user, updated_at=timezone.now())
    return moved

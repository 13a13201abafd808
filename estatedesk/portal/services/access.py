"""Who may enter the client portal: invitations, accepting them, disabling and re-enabling
access, sharing with a partner, and what a login records.

An invitation link carries the access's id and its nonce, signed and dated
(`django.core.signing`): it expires after `PORTAL_INVITATION_DAYS`, and accepting (or
resending, or disabling) replaces the nonce, so a link works once and only the newest works.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import password_validation
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from estatedesk.accounts.choices import Role
from estatedesk.accounts.models import Office, User
from estatedesk.contacts.models import Contact
from estatedesk.core import events
from estatedesk.core.permissions import require_staff

from ..choices import AccessStatus
from ..models import PortalAccess
from .timeline import portal_action_record

INVITATION_SALT = "estatedesk.portal.invitation"


# --- the invitation link ----------------------------------------------------------------------


def invitation_token(access: PortalAccess) -> str:
    """The signed, dated token of `access`'s current invitation."""
    return signing.dumps({"a": access.pk, "n": access.invitation_nonce}, salt=INVITATION_SALT)


def invitation_url(access: PortalAccess) -> str:
    """The link an invitation e-mail carries, on the configured site address (never a Host)."""
    base = settings.ESTATEDESK_BASE_URL.rstrip("/")
    return base + reverse("portal:accept", kwargs={"token": invitation_token(access)})


@dataclass(frozen=True)
class InvitationCheck:
    """What a link is worth: `access` when it may be accepted now, else why not
    (`problem`: "invalid", "expired" or "used")."""

    access: PortalAccess | None
    problem: str = ""


def invitation_check(token: str) -> InvitationCheck:
    """Whether `token` is the current, unexpired invitation of an access still waiting."""
    max_age = timedelta(days=settings.PORTAL_INVITATION_DAYS)
    try:
        data = signing.loads(token, salt=INVITATION_SALT, max_age=max_age)
    except signing.SignatureExpired:
        return InvitationCheck(None, "expired")
    except signing.BadSignature:
        return InvitationCheck(None, "invalid")
    if not isinstance(data, dict) or not isinstance(data.get("a"), int):
        return InvitationCheck(None, "invalid")
    access = (
        PortalAccess.objects.select_related("contact", "office", "user")
        .filter(pk=data["a"])
        .first()
    )
    nonce = data.get("n")
    if (
        access is None
        or access.status != AccessStatus.INVITED
        or not access.invitation_nonce
        or not isinstance(nonce, str)
        or not secrets.compare_digest(access.invitation_nonce, nonce)
        or not access.contact.is_active
    ):
        return InvitationCheck(None, "used")
    return InvitationCheck(access)


def contact_language(contact: Contact, office: Office | None = None) -> str:
    """The language a client reads: the contact's when the site speaks it, else the office's
    (`office`: the contact's, when the caller has it loaded)."""
    known = {code for code, _name in settings.LANGUAGES}
    language = (contact.language or "").lower()
    if language in known:
        return language
    if language[:2] in known:
        return language[:2]
    return str((office or contact.office).language)


def _send_invitation(access_id: int, inviter_id: int | None) -> None:
    access = PortalAccess.objects.select_related("contact__office").get(pk=access_id)
    inviter = User.objects.filter(pk=inviter_id).first() if inviter_id else None
    context: dict[str, Any] = {
        "access": access,
        "contact": access.contact,
        "office": access.contact.office,
        "inviter": inviter,
        "link": invitation_url(access),
        "days": settings.PORTAL_INVITATION_DAYS,
    }
    with translation.override(contact_language(access.contact)):
        subject = render_to_string("portal/access/invitation_subject.txt", context)
        body = render_to_string("portal/access/invitation_email.txt", context)
    send_mail(" ".join(subject.split()), body, settings.DEFAULT_FROM_EMAIL, [access.email])


def _new_nonce() -> str:
    return secrets.token_hex(16)


def _record(
    *, access: PortalAccess, actor: User, subject: str, change: str, by_client: bool = False
) -> None:
    portal_action_record(
        contact=access.contact,
        actor=actor,
        subject=subject,
        event=events.PORTAL_ACCESS_CHANGED,
        payload={"access_id": access.pk, "change": change, "status": access.status},
        by_client=by_client,
    )


def _require_contact(actor: User, contact: Contact) -> None:
    """The actor is staff who may see the contact (views fetch through `visible_to` first)."""
    require_staff(actor)
    if not Contact.objects.visible_to(actor).filter(pk=contact.pk).exists():
        raise PermissionDenied


# --- what agents do ---------------------------------------------------------------------------


@transaction.atomic
def portal_invite(*, contact: Contact, email: str, actor: User) -> PortalAccess:
    """Invite `contact` to the portal at `email` (one of its addresses) and e-mail the link.

    The login is the portal user of that address, created (client role, no office, no usable
    password) unless a client already has it; an address of a staff login is refused. Inviting
    again (an invitation pending, or access disabled) starts over with a new link.
    """
    _require_contact(actor, contact)
    email = (email or "").strip().lower()
    addresses = {e.lower() for e in contact.emails.values_list("email", flat=True)}
    if email not in addresses:
        raise ValidationError({"email": _("Choose one of the contact's e-mail addresses.")})
    user = User.objects.filter(email__iexact=email).first()
    if user is not None and not user.is_portal_client:
        raise ValidationError(
            {"email": _("This address belongs to a staff login; invite the client at another.")}
        )
    access = PortalAccess.objects.select_for_update().filter(contact=contact).first()
    if access is not None and access.status == AccessStatus.ACTIVE:
        raise ValidationError({"email": _("This contact already has portal access.")})
    if user is None:
        user = User.objects.create_user(
            email, None, full_name=str(contact)[:150], role=Role.CLIENT, office=None
        )
    now = timezone.now()
    if access is None:
        access = PortalAccess(contact=contact, office_id=contact.office_id)
    access.user = user
    access.email = email
    access.status = AccessStatus.INVITED
    access.invited_by = actor
    access.invited_at = now
    access.disabled_at = None
    access.invitation_nonce = _new_nonce()
    access.save()
    _record(
        access=access,
        actor=actor,
        subject=_("Invited to the client portal at %(email)s") % {"email": email},
        change="invited",
    )
    access_id, inviter_id = access.pk, actor.pk
    transaction.on_commit(lambda: _send_invitation(access_id, inviter_id))
    return access


@transaction.atomic
def portal_invitation_resend(*, access: PortalAccess, actor: User) -> PortalAccess:
    """Send a pending invitation again with a new link; the previous link stops working."""
    _require_contact(actor, access.contact)
    if access.status != AccessStatus.INVITED:
        raise ValidationError(_("Only a pending invitation can be sent again."))
    access.invitation_nonce = _new_nonce()
    access.invited_at = timezone.now()
    access.invited_by = actor
    access.save(update_fields=["invitation_nonce", "invited_at", "invited_by", "updated_at"])
    _record(
        access=access,
        actor=actor,
        subject=_("Portal invitation sent again to %(email)s") % {"email": access.email},
        change="resent",
    )
    access_id, inviter_id = access.pk, actor.pk
    transaction.on_commit(lambda: _send_invitation(access_id, inviter_id))
    return access


@transaction.atomic
def portal_access_disable(*, access: PortalAccess, actor: User) -> PortalAccess:
    """Close the portal to the contact: open sessions end at their next request and any
    invitation link stops working."""
    _require_contact(actor, access.contact)
    if access.status == AccessStatus.DISABLED:
        return access
    access.status = AccessStatus.DISABLED
    access.disabled_at = timezone.now()
    access.invitation_nonce = ""
    access.save(update_fields=["status", "disabled_at", "invitation_nonce", "updated_at"])
    _record(access=access, actor=actor, subject=_("Portal access disabled"), change="disabled")
    return access


@transaction.atomic
def portal_access_enable(*, access: PortalAccess, actor: User) -> PortalAccess:
    """Open the portal again: active at once when the client had accepted before, else a new
    invitation goes out."""
    _require_contact(actor, access.contact)
    if access.status != AccessStatus.DISABLED:
        return access
    access.disabled_at = None
    if access.accepted_at is not None:
        access.status = AccessStatus.ACTIVE
        access.save(update_fields=["status", "disabled_at", "updated_at"])
        _record(access=access, actor=actor, subject=_("Portal access enabled"), change="enabled")
        return access
    access.status = AccessStatus.INVITED
    access.invitation_nonce = _new_nonce()
    access.invited_at = timezone.now()
    access.save(
        update_fields=["status", "disabled_at", "invitation_nonce", "invited_at", "updated_at"]
    )
    _record(
        access=access,
        actor=actor,
        subject=_("Portal access enabled; invitation sent again to %(email)s")
        % {"email": access.email},
        change="enabled",
    )
    access_id, inviter_id = access.pk, actor.pk
    transaction.on_commit(lambda: _send_invitation(access_id, inviter_id))
    return access


@transaction.atomic
def portal_access_set_household(*, access: PortalAccess, share: bool, actor: User) -> PortalAccess:
    """Whether the contact shares a portal space with a partner who shares too."""
    _require_contact(actor, access.contact)
    if access.share_household == share:
        return access
    access.share_household = share
    access.save(update_fields=["share_household", "updated_at"])
    subject = _("Portal space shared with partner") if share else _("Portal space no longer shared")
    _record(access=access, actor=actor, subject=subject, change="household")
    return access


@transaction.atomic
def portal_access_grant(
    *, contact: Contact, email: str, password: str, actor: User
) -> PortalAccess:
    """An accepted access with a known password and no e-mail: for set-up commands and the
    demo office only (agents invite, and the client chooses their own password)."""
    _require_contact(actor, contact)
    email = email.strip().lower()
    user = User.objects.filter(email__iexact=email).first()
    if user is not None and not user.is_portal_client:
        raise ValidationError({"email": _("This address belongs to a staff login.")})
    if user is None:
        user = User.objects.create_user(
            email, password, full_name=str(contact)[:150], role=Role.CLIENT, office=None
        )
    now = timezone.now()
    access = PortalAccess.objects.create(
        contact=contact, office_id=contact.office_id, user=user, email=email,
        status=AccessStatus.ACTIVE, invited_by=actor, invited_at=now, accepted_at=now,
        terms_accepted_at=now,
    )  # fmt: skip
    _record(access=access, actor=actor, subject=_("Portal access granted"), change="granted")
    return access


# --- what the client does ---------------------------------------------------------------------


@transaction.atomic
def portal_invitation_accept(
    *, token: str, password: str | None, terms_accepted: bool
) -> PortalAccess:
    """Accept the invitation of `token`: the terms, and a password unless the login has one.

    The link then stops working. Raises ValidationError naming the field (`token`,
    `password`, `terms`).
    """
    check = invitation_check(token)
    if check.access is None:
        raise ValidationError({"token": _("This invitation link cannot be used.")})
    access = PortalAccess.objects.select_for_update().get(pk=check.access.pk)
    if access.invitation_nonce != check.access.invitation_nonce:
        raise ValidationError({"token": _("This invitation link cannot be used.")})
    access.contact = check.access.contact
    user = check.access.user
    if not terms_accepted:
        raise ValidationError({"terms": _("Accept the terms to use the portal.")})
    if not user.has_usable_password():
        if not password:
            raise ValidationError({"password": _("Choose a password.")})
        try:
            password_validation.validate_password(password, user)
        except ValidationError as exc:
            raise ValidationError({"password": exc.messages}) from exc
        user.set_password(password)
        user.save(update_fields=["password"])
    now = timezone.now()
    access.status = AccessStatus.ACTIVE
    access.accepted_at = now
    access.terms_accepted_at = now
    access.invitation_nonce = ""
    access.save(
        update_fields=[
            "status", "accepted_at", "terms_accepted_at", "invitation_nonce", "updated_at"
        ]
    )  # fmt: skip
    _record(
        access=access,
        actor=user,
        subject=_("Accepted the portal invitation"),
        change="accepted",
        by_client=True,
    )
    return access


def portal_login_record(*, access: PortalAccess) -> None:
    """A client logged in (or switched) to `access`: the previous login's time becomes the
    previous visit's start (what is newer shows as new), and this login is the last one."""
    now = timezone.now()
    PortalAccess.objects.filter(pk=access.pk).update(
        last_visit_at=access.last_login_at, last_login_at=now, updated_at=now
    )
    access.last_visit_at, access.last_login_at = access.last_login_at, now

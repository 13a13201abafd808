"""Every write to API tokens: create (the key is returned once), rename, revoke (one, or all of
a user's when their password changes)."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from estatedesk.accounts.models import User
from estatedesk.core.permissions import require_staff

from .models import ApiToken

MAX_LIVE_TOKENS = 20
# The longest a token may be made to last, in days (a token may also never expire).
MAX_EXPIRY_DAYS = 3650


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def token_create(
    *, actor: User, name: str, expires_in_days: int | None = None
) -> tuple[ApiToken, str]:
    """A new token for the actor, expiring after `expires_in_days` (None: never); returns it
    with its key, which is never stored nor shown again."""
    require_staff(actor)
    if expires_in_days is not None and not 1 <= expires_in_days <= MAX_EXPIRY_DAYS:
        raise ValidationError(
            {"expires_in_days": _("Choose between 1 and %(max)d days.") % {"max": MAX_EXPIRY_DAYS}}
        )
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Give the token a name, such as the tool that uses it.")})
    if len(name) > 100:
        raise ValidationError({"name": _("Use at most 100 characters.")})
    if ApiToken.objects.live().filter(user=actor).count() >= MAX_LIVE_TOKENS:
        raise ValidationError(
            {"name": _("You have %(n)d tokens; revoke one first.") % {"n": MAX_LIVE_TOKENS}}
        )
    key = secrets.token_urlsafe(32)
    expires_at = None
    if expires_in_days is not None:
        expires_at = timezone.now() + timedelta(days=expires_in_days)
    token = ApiToken.objects.create(
        user=actor,
        name=name,
        prefix=key[: ApiToken.PREFIX_LENGTH],
        key_hash=hash_key(key),
        expires_at=expires_at,
    )
    return token, key


@transaction.atomic
def token_rename(*, token: ApiToken, actor: User, name: str) -> ApiToken:
    token = _own(token, actor)
    name = (name or "").strip()
    if not name or len(name) > 100:
        raise ValidationError({"name": _("Give the token a name of at most 100 characters.")})
    token.name = name
    token.save(update_fields=["name"])
    return token


@transaction.atomic
def token_revoke(*, token: ApiToken, actor: User) -> ApiToken:
    """The token stops working at once; it stays listed as revoked."""
    token = _own(token, actor)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


@transaction.atomic
def tokens_revoke_all(*, user: User) -> int:
    """Revoke every working token of `user` (they changed their password and asked for it);
    how many."""
    return ApiToken.objects.live().filter(user=user).update(revoked_at=timezone.now())


def on_password_changed(sender: Any, *, user: User, revoke_api_tokens: bool, **kwargs: Any) -> None:
    """accounts.signals.password_changed: revoke the user's tokens when they asked for it."""
    if revoke_api_tokens:
        tokens_revoke_all(user=user)


def _own(token: ApiToken, actor: User) -> ApiToken:
    """The actor's own token, fresh from the database; anyone else's does not exist."""
    fresh = ApiToken.objects.select_for_update().filter(pk=token.pk, user_id=actor.pk).first()
    if fresh is None:
        raise PermissionDenied
    return fresh


def token_refused_reason(key: str) -> str:
    """Why a key that did not authenticate was refused: expired, revoked, or unknown."""
    token = ApiToken.objects.filter(key_hash=hash_key(key)).first() if key else None
    if token is not None and token.revoked_at is None and token.expires_at is not None:
        when = timezone.localtime(token.expires_at).strftime("%Y-%m-%d %H:%M %Z")
        return _("This token expired on %(when)s; make a new one.") % {"when": when}
    return _("Invalid or revoked token.")


def token_authenticate(key: str) -> ApiToken | None:
    """The live (not revoked, not expired) token with this key, its user loaded, or None;
    notes when it was last used."""
    if not key:
        return None
    token = (
        ApiToken.objects.live().select_related("user", "user__office")
        .filter(key_hash=hash_key(key)).first()
    )  # fmt: skip
    if token is None:
        return None
    now = timezone.now()
    # At most one write a minute per token: a busy integration must not write on every call.
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() >= 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token

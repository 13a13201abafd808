"""Every write to API tokens: create (the key is returned once) and revoke."""

from __future__ import annotations

import hashlib
import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from estatedesk.accounts.models import User
from estatedesk.core.permissions import require_staff

from .models import ApiToken

MAX_LIVE_TOKENS = 20


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def token_create(*, actor: User, name: str) -> tuple[ApiToken, str]:
    """A new token for the actor; returns it with its key, which is never stored nor shown again."""
    require_staff(actor)
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
    token = ApiToken.objects.create(
        user=actor, name=name, prefix=key[: ApiToken.PREFIX_LENGTH], key_hash=hash_key(key)
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


def _own(token: ApiToken, actor: User) -> ApiToken:
    """The actor's own token, fresh from the database; anyone else's does not exist."""
    fresh = ApiToken.objects.select_for_update().filter(pk=token.pk, user_id=actor.pk).first()
    if fresh is None:
        raise PermissionDenied
    return fresh


def token_authenticate(key: str) -> ApiToken | None:
    """The live token with this key (its user loaded), or None; notes when it was last used."""
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

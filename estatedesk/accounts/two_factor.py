"""Two-factor sign-in (django-otp): an authenticator app (TOTP) and ten single-use recovery codes.

A login with a password alone leaves the session half logged in (`SESSION_STEP_KEY` names the
step still owed: a code, or enrolment when the office requires two-factor); the
`TwoFactorMiddleware` lets such a session open nothing but that step and log out. API tokens are
not affected: a token is a factor of its own, created by a fully logged-in user.
"""

from __future__ import annotations

import base64
import io
from typing import Any

import segno
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django_otp import login as otp_login
from django_otp import verify_token
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import User

RECOVERY_CODE_COUNT = 10
# The session key holding the step a half-logged-in session still owes.
SESSION_STEP_KEY = "two_factor_step"
STEP_VERIFY = "verify"
STEP_ENROL = "enrol"


def has_two_factor(user: User) -> bool:
    """Whether the user has a confirmed authenticator (recovery codes come with it)."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def step_after_password(user: User) -> str | None:
    """What a login with the right password still needs: a code, enrolment, or nothing."""
    if has_two_factor(user):
        return STEP_VERIFY
    if user.office is not None and user.office.require_two_factor:
        return STEP_ENROL
    return None


def normalise_code(code: str) -> str:
    """People type codes with spaces or dashes, recovery codes in capitals."""
    return "".join(code.split()).replace("-", "").lower()


def code_verify(*, request: HttpRequest, user: User, code: str) -> bool:
    """Check a code from the authenticator, or a recovery code (which is then used up); on
    success the session is fully logged in. Each device throttles its own failures too."""
    code = normalise_code(code)
    if code.isdigit():
        devices: list[Any] = list(TOTPDevice.objects.filter(user=user, confirmed=True))
    else:
        devices = list(StaticDevice.objects.filter(user=user, confirmed=True))
    for device in devices:
        verified = verify_token(user, device.persistent_id, code)
        if verified is not None:
            otp_login(request, verified)
            request.session.pop(SESSION_STEP_KEY, None)
            return True
    return False


@transaction.atomic
def totp_enrolment_start(*, user: User) -> TOTPDevice:
    """The user's unconfirmed authenticator, made on first call; its secret stays the same
    until it is confirmed, so reloading the page shows the same QR code."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator", confirmed=False)
    return device


@transaction.atomic
def totp_enrolment_confirm(*, request: HttpRequest, user: User, code: str) -> list[str] | None:
    """Confirm the pending authenticator with a code from it: it replaces any earlier one, the
    session counts as verified, and ten new recovery codes are returned (to show once).
    None when the code is wrong."""
    device = (
        TOTPDevice.objects.select_for_update()
        .filter(user=user, confirmed=False)
        .order_by("pk")
        .first()
    )
    if device is None or not device.verify_token(normalise_code(code)):
        return None
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = recovery_codes_replace(user=user)
    otp_login(request, device)
    request.session.pop(SESSION_STEP_KEY, None)
    return codes


@transaction.atomic
def recovery_codes_replace(*, user: User) -> list[str]:
    """Ten new recovery codes; the old ones stop working. Returned to be shown once."""
    device, _created = StaticDevice.objects.get_or_create(
        user=user, name="Recovery codes", defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=c) for c in codes)
    return codes


def recovery_codes_left(user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


@transaction.atomic
def two_factor_disable(*, user: User) -> None:
    """Remove the authenticator and the recovery codes (refused by the view when the office
    requires two-factor)."""
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()


def qr_code_svg(device: TOTPDevice) -> str:
    """The device's otpauth:// address as an inline SVG QR code (drawn here, no outside
    service sees the secret)."""
    buffer = io.BytesIO()
    segno.make(device.config_url, error="m").save(
        buffer, kind="svg", scale=5, border=3, xmldecl=False, svgns=True, light="#fff",
        title=_("QR code for your authenticator app"),
    )  # fmt: skip
    return buffer.getvalue().decode("utf-8")


def secret_base32(device: TOTPDevice) -> str:
    """The secret as authenticator apps take it when typed in, in groups of four."""
    secret = base64.b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))

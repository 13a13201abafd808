"""Phone numbers: parsed with phonenumbers, stored in E.164, shown in international format."""

from functools import lru_cache

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


def normalize_phone(raw: str, region: str) -> str:
    """Return `raw` in E.164, reading it as a number of `region` when it has no country code."""
    try:
        parsed = phonenumbers.parse(raw, region or None)
    except phonenumbers.NumberParseException as exc:
        raise ValidationError(
            _("“%(value)s” is not a phone number."), code="invalid_phone", params={"value": raw}
        ) from exc
    if not phonenumbers.is_valid_number(parsed):
        raise ValidationError(
            _("“%(value)s” is not a valid phone number for %(region)s or abroad."),
            code="invalid_phone",
            params={"value": raw, "region": region},
        )
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


@lru_cache(maxsize=8192)
def format_phone(e164: str) -> str:
    """International format for display; parsing is costly, and lists show the same numbers."""
    try:
        parsed = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return e164
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def search_digits(e164: str) -> str:
    """Digits a user may type: the international ones and the national ones (31612…, 0612…)."""
    try:
        parsed = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return "".join(ch for ch in e164 if ch.isdigit())
    international = "".join(ch for ch in e164 if ch.isdigit())
    national = "".join(
        ch
        for ch in phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.NATIONAL)
        if ch.isdigit()
    )
    return f"{international} {national}" if national != international else international

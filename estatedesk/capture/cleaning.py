"""Validating a public post against its web form: what it may say, cleaned into values."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from estatedesk.contacts.choices import PropertyType
from estatedesk.contacts.phones import normalize_phone

from .choices import FormField
from .models import LeadForm

TEXT_LIMITS: dict[str, int] = {
    FormField.FIRST_NAME: 100,
    FormField.LAST_NAME: 100,
    FormField.EMAIL: 254,
    FormField.PHONE: 40,
    FormField.MESSAGE: 5000,
    FormField.PROPERTY_REFERENCE: 30,
    FormField.LOCATIONS: 500,
}

Errors = dict[str, list[str]]


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        value = value[0] if value else ""
    if isinstance(value, dict | list):
        raise ValueError
    return str(value).strip()


def text_or_marker(value: Any) -> str:
    """The posted text, or a non-empty marker for a value that is not text (a robot's)."""
    try:
        return _text(value)
    except ValueError:
        return "x"


def _decimal(value: str, field_name: str, errors: Errors) -> Decimal | None:
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


def submission_clean(
    *, form: LeadForm, data: dict[str, Any], region: str
) -> tuple[dict[str, Any], Errors]:
    """(cleaned values, {field: [messages]}) for the fields this form accepts; the rest is
    ignored, so a site may post more than the form asks."""
    accepted = [f for f in FormField.values if f in form.fields]
    cleaned, errors = _accepted_values(accepted, data)
    for name in form.required_fields:
        if name in accepted and name not in errors and not cleaned.get(name):
            errors[name] = [_("This field is required.")]
    _clean_email_and_phone(cleaned, errors, region)
    _clean_numbers(cleaned, errors)
    reachable = [f for f in (FormField.EMAIL, FormField.PHONE) if f in accepted]
    if reachable and not any(cleaned.get(f) or f in errors for f in reachable):
        errors[reachable[0]] = [_("Give an e-mail address or a phone number.")]
    return cleaned, errors


def _accepted_values(accepted: list[str], data: dict[str, Any]) -> tuple[dict[str, Any], Errors]:
    """Each accepted field as text within its limit (property types as a list of known ones)."""
    cleaned: dict[str, Any] = {}
    errors: Errors = {}
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
    return cleaned, errors


def _clean_email_and_phone(cleaned: dict[str, Any], errors: Errors, region: str) -> None:
    """A valid address (lower-cased) and a number in E.164 for the office's region."""
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


def _clean_numbers(cleaned: dict[str, Any], errors: Errors) -> None:
    """Budgets as amounts (the maximum not below the minimum), bedrooms as a whole number."""
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

"""Custom field values: form fields from definitions, validation by type, and list filters."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .models import CustomField, CustomFieldType

PREFIX = "cf_"


@dataclass(frozen=True)
class FieldDefinition:
    """What a custom field's values are checked and shown against: a plain copy of an active
    CustomField row, which the office's cached lists may keep and share (accounts.officecache)."""

    key: str
    label: str
    field_type: str
    choices: tuple[str, ...]
    required: bool
    filterable: bool

    @classmethod
    def of(cls, field: CustomField) -> FieldDefinition:
        return cls(
            key=field.key,
            label=field.label,
            field_type=field.field_type,
            choices=tuple(field.choices or ()),
            required=field.required,
            filterable=field.filterable,
        )


def definitions(office_id: int, target: str) -> list[FieldDefinition]:
    """The office's active custom fields for a record type, in order."""
    return [FieldDefinition.of(f) for f in CustomField.objects.for_target(office_id, target)]


def form_field(definition: FieldDefinition, *, for_filter: bool = False) -> forms.Field:
    required = definition.required and not for_filter
    common: dict[str, Any] = {"label": definition.label, "required": required}
    match definition.field_type:
        case CustomFieldType.TEXT:
            return forms.CharField(max_length=500, **common)
        case CustomFieldType.NUMBER:
            return forms.DecimalField(max_digits=18, decimal_places=4, **common)
        case CustomFieldType.DATE:
            return forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), **common)
        case CustomFieldType.CHOICE:
            return forms.ChoiceField(
                choices=[("", "---------")] + [(c, c) for c in definition.choices], **common
            )
        case CustomFieldType.BOOLEAN:
            if for_filter:
                return forms.NullBooleanField(
                    label=definition.label,
                    required=False,
                    widget=forms.Select(
                        choices=[("", "---------"), ("true", _("Yes")), ("false", _("No"))]
                    ),
                )
            return forms.BooleanField(**common)
    raise ValueError(definition.field_type)


def to_json(definition: FieldDefinition, value: Any) -> Any:
    """A cleaned form value as it is stored in the JSON column (None means no value)."""
    if value in (None, ""):
        return None
    match definition.field_type:
        case CustomFieldType.NUMBER:
            # A JSON number, so that list filters can compare it on both databases.
            number = Decimal(value)
            return int(number) if number == number.to_integral_value() else float(number)
        case CustomFieldType.DATE:
            return value.isoformat()
        case CustomFieldType.BOOLEAN:
            return bool(value)
    return value


def from_json(definition: FieldDefinition, value: Any) -> Any:
    if value is None:
        return None
    if definition.field_type == CustomFieldType.DATE:
        try:
            return datetime.date.fromisoformat(value)
        except (TypeError, ValueError):
            return None
    if definition.field_type == CustomFieldType.NUMBER:
        try:
            return Decimal(str(value))
        except InvalidOperation:
            return None
    return value


def validate_values(office_id: int, target: str, values: dict[str, Any]) -> dict[str, Any]:
    """Check raw values (as the API or an import sends them) against the definitions.

    Returns the values to store; raises ValidationError naming `cf_<key>` on the first bad one.
    """
    defs = {d.key: d for d in definitions(office_id, target)}
    errors: dict[str, list[str]] = {}
    clean: dict[str, Any] = {}
    for key, raw in values.items():
        definition = defs.get(key)
        if definition is None:
            errors[PREFIX + key] = [_("There is no custom field “%(key)s”.") % {"key": key}]
            continue
        field = form_field(definition)
        try:
            clean[key] = to_json(definition, field.clean(raw))
        except ValidationError as exc:
            errors[PREFIX + key] = exc.messages
    for key, definition in defs.items():
        if definition.required and clean.get(key) in (None, "") and PREFIX + key not in errors:
            errors[PREFIX + key] = [_("This field is required.")]
    if errors:
        raise ValidationError(errors)
    return {k: v for k, v in clean.items() if v is not None}


def display_values(
    definitions_: Iterable[FieldDefinition], values: dict[str, Any]
) -> list[tuple[str, Any]]:
    """(label, shown value) pairs for a detail page."""
    shown: list[tuple[str, Any]] = []
    for d in definitions_:
        value = values.get(d.key)
        if d.field_type == CustomFieldType.BOOLEAN and value is not None:
            value = _("Yes") if value else _("No")
        shown.append((d.label, value if value not in (None, "") else "—"))
    return shown

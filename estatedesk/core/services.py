"""Writes to the office's custom field definitions (office administrators, under Setup)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max, Model
from django.utils.translation import gettext as _

from .actors import Actor
from .limits import check_room
from .models import CustomField, CustomFieldTarget, CustomFieldType
from .permissions import require_admin

KEY_PATTERN = re.compile(r"[A-Za-z][A-Za-z0-9_]*")

# Where the values of a field for each target are stored (the `custom_fields` JSON column).
TARGET_MODELS: dict[str, str] = {
    CustomFieldTarget.LEAD: "contacts.Lead",
    CustomFieldTarget.CONTACT: "contacts.Contact",
    CustomFieldTarget.RELATION: "contacts.Relation",
}


def _own_field(field: CustomField, actor: Actor) -> CustomField:
    office_id = require_admin(actor)
    fresh = CustomField.objects.select_for_update().filter(office_id=office_id, pk=field.pk).first()
    if fresh is None:
        raise PermissionDenied
    return fresh


def custom_field_has_values(*, office_id: int, target: str, key: str) -> bool:
    """Whether any record of the office holds a value under `key` for this target."""
    label = TARGET_MODELS.get(target)
    if label is None:
        return False
    model: type[Model] = apps.get_model(label)
    return model._default_manager.filter(office_id=office_id, custom_fields__has_key=key).exists()


def _clean_choices(choices: Iterable[str] | None) -> list[str]:
    """Trimmed, without blanks or repeats, in the order given."""
    seen: list[str] = []
    for choice in choices or []:
        choice = str(choice).strip()
        if choice and choice not in seen:
            seen.append(choice)
    return seen


def _validate(field: CustomField, *, previous: CustomField | None = None) -> None:
    """Collect every problem at once, each under the field it is about; raise if any."""
    errors: dict[str, list[str]] = {}
    try:
        # `key` has its own, stricter rule below; the unique constraint is checked there too.
        field.full_clean(exclude=["key"], validate_constraints=False)
    except ValidationError as exc:
        errors.update(exc.message_dict)

    key_errors = errors.setdefault("key", [])
    if not field.key:
        key_errors.append(_("Give the field a key."))
    elif len(field.key) > 50 or not KEY_PATTERN.fullmatch(field.key):
        key_errors.append(
            _(
                "Use at most 50 letters, digits and underscores, starting with a letter "
                "(for example: budget_2)."
            )
        )
    elif (
        field.target in CustomFieldTarget.values
        and CustomField.objects.filter(
            office_id=field.office_id, target=field.target, key__iexact=field.key
        )
        .exclude(pk=field.pk)
        .exists()
    ):
        key_errors.append(
            _("There is already a field with this key for %(target)s (perhaps an inactive one).")
            % {"target": CustomFieldTarget(field.target).label.lower()}
        )

    if field.field_type == CustomFieldType.CHOICE and not field.choices:
        errors.setdefault("choices", []).append(_("Give a choice field at least one choice."))

    if previous is not None and custom_field_has_values(
        office_id=previous.office_id, target=previous.target, key=previous.key
    ):
        # Records hold values typed and keyed for the old definition: changing how they are
        # read would lose them or make them invalid.
        if field.field_type != previous.field_type:
            errors.setdefault("field_type", []).append(
                _("Records already hold values for this field, so its type cannot change.")
            )
        if field.key != previous.key:
            key_errors.append(_("Records already hold values under this key, so it cannot change."))
        if field.target != previous.target:
            errors.setdefault("target", []).append(
                _("Records already hold values for this field, so it cannot move elsewhere.")
            )

    errors = {name: messages for name, messages in errors.items() if messages}
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def custom_field_create(
    *,
    actor: Actor,
    target: str,
    key: str,
    label: str,
    field_type: str,
    choices: Iterable[str] | None = None,
    required: bool = False,
    filterable: bool = True,
    position: int | None = None,
) -> CustomField:
    """Add a field to the office's leads, contacts or relations; it goes last unless placed."""
    office_id = require_admin(actor)
    field = CustomField(
        office_id=office_id,
        target=target,
        key=(key or "").strip(),
        label=(label or "").strip(),
        field_type=field_type,
        choices=_clean_choices(choices) if field_type == CustomFieldType.CHOICE else [],
        required=required,
        filterable=filterable,
        position=position if position is not None else 0,
    )
    _validate(field)
    # core names no other app: the office model is reached through the field's relation.
    office_model = CustomField._meta.get_field("office").related_model
    check_room(
        "custom_fields_per_office",
        CustomField.objects.filter(office_id=office_id),
        field="key",
        lock=office_model._default_manager.filter(pk=office_id),
    )
    if position is None:
        last = CustomField.objects.filter(office_id=office_id, target=target).aggregate(
            m=Max("position")
        )["m"]
        field.position = (last or 0) + 1
    field.save()
    return field


@transaction.atomic
def custom_field_update(*, field: CustomField, actor: Actor, **changes: Any) -> CustomField:
    """Change a field's definition; its type, key and target are fixed once records use it."""
    allowed = {"target", "key", "label", "field_type", "choices", "required", "filterable",
               "position"}  # fmt: skip
    unknown = set(changes) - allowed
    if unknown:
        raise TypeError(f"custom_field_update() cannot change {', '.join(sorted(unknown))}")
    previous = _own_field(field, actor)
    updated = CustomField.objects.get(pk=previous.pk)
    for name, value in changes.items():
        if name in ("key", "label") and isinstance(value, str):
            value = value.strip()
        if name == "position" and value is None:
            continue
        setattr(updated, name, value)
    updated.choices = (
        _clean_choices(updated.choices) if updated.field_type == CustomFieldType.CHOICE else []
    )
    _validate(updated, previous=previous)
    updated.save()
    return updated


@transaction.atomic
def custom_field_set_active(*, field: CustomField, actor: Actor, active: bool) -> CustomField:
    """A deactivated field leaves forms and filters; the values records hold are kept."""
    field = _own_field(field, actor)
    field.is_active = active
    field.save(update_fields=["is_active", "updated_at"])
    return field

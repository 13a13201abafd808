"""Record versions: the token an edit is based on, and what changed since (no lost updates).

A record's version is its `updated_at` to the microsecond, written as an integer (microseconds
since the epoch): both databases keep microseconds, every save through a service sets it, and an
equal token therefore means "nobody saved this row since". No migration and no second column to
keep in step; bulk `update()`s that change what a user edits or the API shows set `updated_at`
too. An edit form carries the token it was loaded with (`VERSION_FIELD`) and a signed snapshot
of the values it showed (`BASE_FIELD`), so that a refused save can say what the other person
changed, field by field.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django import forms
from django.core import signing
from django.db import models
from django.utils import formats, timezone
from django.utils.translation import gettext as _

VERSION_FIELD = "_version"
BASE_FIELD = "_base"
_SALT = "estatedesk.core.versions.base"
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_MICROSECOND = dt.timedelta(microseconds=1)


def version_token(updated_at: dt.datetime) -> str:
    """`updated_at` as whole microseconds since the epoch (exact: no float on the way)."""
    if updated_at.tzinfo is None:  # USE_TZ is on; a naive value is UTC (SQLite's storage)
        updated_at = updated_at.replace(tzinfo=dt.UTC)
    return str((updated_at - _EPOCH) // _MICROSECOND)


def version_of(record: models.Model) -> str:
    return version_token(record.updated_at)  # type: ignore[attr-defined]


def locked_updated_at(model: type[models.Model], pk: Any) -> dt.datetime | None:
    """The stored `updated_at`, with the row locked until the transaction ends (None: gone).

    On PostgreSQL the row lock makes a concurrent save wait and then see the new version; on
    SQLite the write transaction (`transaction_mode` IMMEDIATE) already serialises writers.
    """
    stored: dt.datetime | None = (
        model._default_manager.select_for_update()
        .filter(pk=pk)
        .values_list("updated_at", flat=True)
        .first()
    )
    return stored


def locked_version(model: type[models.Model], pk: Any) -> str | None:
    """The stored version, with the row locked (see `locked_updated_at`)."""
    stored = locked_updated_at(model, pk)
    return None if stored is None else version_token(stored)


# --- what a form showed, and what changed since --------------------------------------------


def _plain(value: Any) -> Any:
    """A form value as JSON: dates as ISO text, numbers as text, model instances as ids."""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value.normalize()) if value == value.to_integral() else str(value)
    if isinstance(value, list | tuple | set | frozenset | models.QuerySet):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def form_values(form: forms.BaseForm, formsets: dict | None = None) -> dict[str, Any]:
    """The values an unbound edit form (and its formsets' rows) shows, as plain JSON."""
    values = {
        name: _plain(form.fields[name].prepare_value(form[name].initial)) for name in form.fields
    }
    for key, formset in (formsets or {}).items():
        values[key] = _plain([_row(row) for row in formset.initial or []])
    return values


def _row(row: dict) -> dict:
    return {k: v for k, v in row.items() if k not in ("id", "DELETE") and v not in (None, "")}


def sign_values(values: dict[str, Any]) -> str:
    return signing.dumps(values, salt=_SALT, compress=True)


def unsign_values(token: str | None) -> dict[str, Any] | None:
    """The snapshot a form carried; None when absent or tampered with."""
    if not token:
        return None
    try:
        values = signing.loads(token, salt=_SALT)
    except signing.BadSignature:
        return None
    return values if isinstance(values, dict) else None


@dataclass(frozen=True)
class FieldChange:
    """One field another person changed: what the form showed, what is stored now, and what
    this user sent; `stored` is the stored value as form data, for a field the user left as it
    was (`yours_changed` False), whose re-shown form then takes the other person's value."""

    label: str
    before: str
    now: str
    yours: str
    name: str = ""
    yours_changed: bool = True
    stored: Any = None


class StaleEdit(Exception):
    """A save based on a version that is no longer the stored one."""

    def __init__(self, *, version: str, changes: list[FieldChange], record: models.Model) -> None:
        super().__init__(version)
        self.version = version
        self.changes = changes
        self.record = record


def changed_fields(
    base: dict[str, Any] | None,
    current: dict[str, Any],
    form: forms.BaseForm,
    formsets: dict | None = None,
    labels: dict[str, str] | None = None,
) -> list[FieldChange]:
    """The fields whose stored value differs from what the form was loaded with.

    Without a snapshot (an old form, or a forged one) every field whose stored value differs
    from what the user sent is listed, so the user still sees what they would overwrite.
    """
    formsets = formsets or {}
    labels = labels or {}
    changes = []
    for name, now in current.items():
        if base is not None and base.get(name) == now:
            continue
        if name in formsets:
            yours = _plain([_row(row) for row in _filled_rows(formsets[name])])
            if base is None and yours == now:
                continue
            label = labels.get(name, name.capitalize())
            before = base.get(name) if base is not None else None
            changes.append(FieldChange(
                label, _rows_text(before), _rows_text(now), _rows_text(yours), name=name,
                yours_changed=base is None or yours != before, stored=now,
            ))  # fmt: skip
            continue
        field = form.fields.get(name)
        if field is None:
            continue
        yours = _plain(form[name].value())
        if base is None and _same(yours, now):
            continue
        before = base.get(name) if base is not None else None
        changes.append(
            FieldChange(
                str(field.label or name),
                display(field, before) if base is not None else "?",
                display(field, now),
                display(field, yours),
                name=name,
                yours_changed=base is None or _user_changed(form, name, yours, before),
                stored=now,
            )
        )
    return changes


def merged_data(
    data: Any, changes: list[FieldChange], form: forms.BaseForm, formsets: dict | None = None
) -> Any:
    """`data` (a QueryDict copy of the user's post) with the other person's value in each
    field (or formset) the user did not change: saving the re-shown form then applies only the
    user's own changes. Fields the user changed keep the user's input."""
    formsets = formsets or {}
    for change in changes:
        if not change.yours_changed and change.name in formsets:
            _replace_rows(data, formsets[change.name], change.stored or [])
            continue
        if change.yours_changed or not change.name or change.name not in form.fields:
            continue
        key = form.add_prefix(change.name)
        value = change.stored
        if isinstance(form.fields[change.name].widget, forms.CheckboxInput):
            if value:
                data.setlist(key, ["on"])
            else:
                data.pop(key, None)
        elif isinstance(value, list):
            data.setlist(key, [str(v) for v in value])
        else:
            data.setlist(key, [_as_input(form.fields[change.name], value)])
    return data


def _replace_rows(data: Any, formset, rows: list[dict]) -> None:
    """Put `rows` (stored, plain) in `data` as the formset's posted rows, replacing the user's."""
    prefix = formset.prefix
    management = ("TOTAL_FORMS", "INITIAL_FORMS", "MIN_NUM_FORMS", "MAX_NUM_FORMS")
    for key in [k for k in data if k.startswith(f"{prefix}-")]:
        if key.removeprefix(f"{prefix}-") not in management:
            del data[key]
    data[f"{prefix}-TOTAL_FORMS"] = str(len(rows) + formset.extra)
    # As the page would post them: the stored rows are the initial forms (which must validate
    # even when unchanged), the rest empty extra rows.
    data[f"{prefix}-INITIAL_FORMS"] = str(len(rows))
    for i, row in enumerate(rows):
        for key, value in row.items():
            if value is True:
                data[f"{prefix}-{i}-{key}"] = "on"
            elif value not in (None, False):
                data[f"{prefix}-{i}-{key}"] = str(value)


def _as_input(field: forms.Field, value: Any) -> str:
    """A stored plain value as the field's widget writes it (dates in the widget's format and,
    for date-times, the current time zone), so that the browser shows and posts it back."""
    if value is None:
        return ""
    if isinstance(field, forms.DateField | forms.DateTimeField) and isinstance(value, str):
        try:
            python = field.to_python(value)
        except forms.ValidationError:
            return value
        formatted = field.widget.format_value(field.prepare_value(python))
        return "" if formatted is None else str(formatted)
    return str(value)


def _user_changed(form: forms.BaseForm, name: str, yours: Any, before: Any) -> bool:
    """Whether the user changed what the form showed. Dates and times are compared as the
    widget wrote them (a date-time input drops seconds), the rest as text."""
    field = form.fields[name]
    if isinstance(field, forms.DateField | forms.DateTimeField):
        return _as_input(field, before) != str(form[name].data or "")
    return not _same(yours, before)


def _filled_rows(formset) -> list[dict]:
    """The rows the user filled in: the formset's own `rows()` where it has one (it knows
    which empty rows to skip), else every kept form's cleaned data."""
    if hasattr(formset, "rows"):
        return list(formset.rows())
    return [
        f.cleaned_data
        for f in formset.forms
        if getattr(f, "cleaned_data", None) and not f.cleaned_data.get("DELETE")
    ]


def _same(submitted: Any, stored: Any) -> bool:
    def text(value: Any) -> Any:
        if isinstance(value, list):
            return sorted(str(v) for v in value)
        return "" if value is None else str(value)

    return text(submitted) == text(stored)


def _rows_text(rows: Any) -> str:
    if rows is None:
        return "?"
    parts = [" ".join(str(v) for v in row.values() if v not in (None, "", False)) for row in rows]
    return "; ".join(p for p in parts if p) or "—"


def display(field: forms.Field, value: Any) -> str:
    """A stored or submitted value as the form's field names it (choice labels, names)."""
    if value in (None, "", []):
        return "—"
    if isinstance(field, forms.ModelMultipleChoiceField) and field.queryset is not None:
        values = value if isinstance(value, list) else [value]
        return ", ".join(str(o) for o in field.queryset.filter(pk__in=values)) or "—"
    if isinstance(field, forms.ModelChoiceField) and field.queryset is not None:
        try:
            found = field.queryset.filter(pk=value).first()
        except (ValueError, TypeError):
            found = None
        return str(found) if found is not None else str(value)
    if isinstance(field, forms.BooleanField | forms.NullBooleanField):
        truthy = value is True or str(value).lower() in ("true", "on", "1")
        return _("Yes") if truthy else _("No")
    if isinstance(field, forms.ChoiceField):
        labels = {str(k): str(v) for k, v in _flat_choices(field.choices)}
        values = value if isinstance(value, list) else [value]
        return ", ".join(labels.get(str(v), str(v)) for v in values)
    if isinstance(field, forms.DateTimeField) and isinstance(value, str):
        try:
            moment = dt.datetime.fromisoformat(value)
        except ValueError:
            return value
        return formats.localize(timezone.localtime(moment) if moment.tzinfo else moment)
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def _flat_choices(choices: Any) -> list[tuple[Any, Any]]:
    flat: list[tuple[Any, Any]] = []
    for key, label in choices:
        if isinstance(label, list | tuple):
            flat.extend(label)
        else:
            flat.append((key, label))
    return flat

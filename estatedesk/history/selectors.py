"""Reads of a record's change history, with values shown as people know them.

The stored values are raw (a foreign key's id, a choice's key, a UTC timestamp); they are
turned into labels here, when shown, so a renamed stage or lead source shows its current name.
A foreign key is labelled only through what the viewer may see: a deal's buyer who is a
colleague's personal contact shows as hidden, never by name.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import QuerySet
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from estatedesk.core.models import CustomField

from .actors import VIA_PUBLIC
from .tracking import RELATED_FIELDS


@dataclass(frozen=True)
class FieldChange:
    """One field of one entry: raw `old`/`new` as stored, and as displayed."""

    field: str
    label: str
    old: Any
    new: Any
    old_display: str
    new_display: str


@dataclass
class ChangeRow:
    """One save of the record: when, by whom, and the fields it changed."""

    id: int
    timestamp: datetime
    action: str  # "create" or "update"
    actor_id: int | None
    actor_label: str
    changes: list[FieldChange] = field(default_factory=list)


def record_changes(record: models.Model) -> QuerySet[LogEntry]:
    """The record's history entries, newest first; the caller fetched the record visibly."""
    content_type = ContentType.objects.get_for_model(type(record))
    entries: QuerySet[LogEntry] = (
        LogEntry.objects.filter(content_type=content_type, object_id=record.pk)
        .select_related("actor")
        .order_by("-timestamp", "-pk")
    )
    return entries


def change_rows(entries: list[LogEntry], record: models.Model, viewer: Any) -> list[ChangeRow]:
    """The entries of one page as rows, with a constant number of queries (labels looked up
    once per related model, custom field labels once)."""
    model = type(record)
    labels = _ForeignLabels(model, viewer)
    custom_keys: set[str] = set()
    for entry in entries:
        if entry.action == LogEntry.Action.UPDATE:
            for name, pair in (entry.changes or {}).items():
                labels.collect(name, pair)
                if name == "custom_fields":
                    custom_keys.update(_changed_keys(pair))
    labels.resolve()
    custom_labels = _custom_field_labels(record, custom_keys)
    rows = []
    for entry in entries:
        row = ChangeRow(
            id=entry.pk,
            timestamp=entry.timestamp,
            action="create" if entry.action == LogEntry.Action.CREATE else "update",
            actor_id=entry.actor_id,
            actor_label=_actor_label(entry),
        )
        if entry.action == LogEntry.Action.UPDATE:
            for name, pair in sorted((entry.changes or {}).items(), key=_field_order(model)):
                changes = _field_changes(model, name, pair, labels, custom_labels)
                # A value stored more precisely than it is shown (a date-time's seconds lost by
                # a form) changed in the database but not to the reader: left out.
                row.changes.extend(c for c in changes if c.old_display != c.new_display)
        rows.append(row)
    return rows


def _actor_label(entry: LogEntry) -> str:
    if entry.actor is not None:
        return str(entry.actor)
    if entry.actor_email:  # the user was deleted since
        return str(entry.actor_email)
    if (entry.additional_data or {}).get("via") == VIA_PUBLIC:
        return _("Web form or e-mail intake")
    return _("System")


def _field_order(model: type[models.Model]) -> Callable[[tuple[str, Any]], tuple[int, str]]:
    positions = {f.name: i for i, f in enumerate(model._meta.concrete_fields)}
    return lambda item: (positions.get(item[0], len(positions)), item[0])


def _changed_keys(pair: Any) -> set[str]:
    old, new = _as_dict(pair[0]), _as_dict(pair[1])
    return {key for key in old.keys() | new.keys() if old.get(key) != new.get(key)}


def _as_dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _custom_field_labels(record: models.Model, keys: set[str]) -> dict[str, str]:
    if not keys:
        return {}
    definitions = CustomField.objects.filter(office_id=record.office_id, key__in=keys)  # type: ignore[attr-defined]
    return dict(definitions.values_list("key", "label"))


def _field_changes(
    model: type[models.Model],
    name: str,
    pair: Any,
    labels: _ForeignLabels,
    custom_labels: dict[str, str],
) -> list[FieldChange]:
    old, new = pair if isinstance(pair, list | tuple) and len(pair) == 2 else (None, pair)
    if name == "custom_fields":
        old_values, new_values = _as_dict(old), _as_dict(new)
        return [
            _custom_change(key, custom_labels, old_values.get(key), new_values.get(key))
            for key in sorted(_changed_keys(pair))
        ]
    if name in RELATED_FIELDS:
        label = str(RELATED_FIELDS[name])
        return [FieldChange(name, _capfirst(label), old, new, _plain(old), _plain(new))]
    try:
        model_field = model._meta.get_field(name)
    except FieldDoesNotExist:  # a field removed since: show what was stored
        return [FieldChange(name, name, old, new, _plain(old), _plain(new))]
    label = _capfirst(str(getattr(model_field, "verbose_name", name)))
    shown = (_display(model_field, old, labels), _display(model_field, new, labels))
    return [FieldChange(name, label, old, new, *shown)]


def _custom_change(key: str, labels: dict[str, str], old: Any, new: Any) -> FieldChange:
    return FieldChange(f"custom_fields.{key}", labels.get(key, key), old, new, _plain(old),
                       _plain(new))  # fmt: skip


def _capfirst(text: str) -> str:
    return text[:1].upper() + text[1:]


def _display(model_field: Any, value: Any, labels: _ForeignLabels) -> str:
    if value is None or value == "":
        return ""
    if model_field.is_relation:
        return labels.label(model_field.name, value)
    choices = getattr(model_field, "flatchoices", None)
    if choices:
        return str(dict(choices).get(value, value))
    if isinstance(model_field, models.BooleanField):
        return _("Yes") if value else _("No")
    if isinstance(model_field, models.DateTimeField):
        return _datetime(value)
    if isinstance(model_field, models.DateField):
        try:
            return formats.date_format(date.fromisoformat(str(value)), "SHORT_DATE_FORMAT")
        except ValueError:
            return str(value)
    return _plain(value)


def _datetime(value: Any) -> str:
    # auditlog stores date-times naive, in UTC.
    try:
        moment = datetime.fromisoformat(str(value))
    except ValueError:
        return str(value)
    if timezone.is_naive(moment):
        moment = moment.replace(tzinfo=UTC)
    return formats.date_format(timezone.localtime(moment), "SHORT_DATETIME_FORMAT")


def _plain(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, list | tuple):
        return ", ".join(_plain(item) for item in value)
    if isinstance(value, dict):
        return ", ".join(f"{key}: {_plain(item)}" for key, item in value.items())
    return str(value)


class _ForeignLabels:
    """Labels of the foreign keys a page of entries names, looked up once per related model
    and only among the rows the viewer may see."""

    def __init__(self, model: type[models.Model], viewer: Any) -> None:
        self.model = model
        self.viewer = viewer
        self.wanted: dict[type[models.Model], set[Any]] = defaultdict(set)
        self.found: dict[type[models.Model], dict[Any, str]] = {}

    def _related(self, name: str) -> type[models.Model] | None:
        try:
            model_field = self.model._meta.get_field(name)
        except FieldDoesNotExist:
            return None
        if not (model_field.many_to_one or model_field.one_to_one):
            return None
        return model_field.related_model

    def collect(self, name: str, pair: Any) -> None:
        related = self._related(name)
        if related is None or not isinstance(pair, list | tuple):
            return
        self.wanted[related].update(v for v in pair if type(v) is int)

    def resolve(self) -> None:
        for related, ids in self.wanted.items():
            rows = self._visible(related).filter(pk__in=ids)
            self.found[related] = {row.pk: str(row) for row in rows}

    def _visible(self, related: type[models.Model]) -> QuerySet[Any]:
        queryset: QuerySet[Any] = related._default_manager.all()
        if hasattr(queryset, "visible_to"):
            visible: QuerySet[Any] = queryset.visible_to(self.viewer)
            return visible
        office_id = getattr(self.viewer, "office_id", None)
        if any(f.name == "office" for f in related._meta.concrete_fields):
            return queryset.filter(office_id=office_id)
        return queryset.none()

    def label(self, name: str, value: Any) -> str:
        related = self._related(name)
        if related is None:
            return str(value)
        found = self.found.get(related, {})
        if value in found:
            return found[value]
        return _("(not shown: deleted or not visible to you)")

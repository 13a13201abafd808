"""The bases of every list's FilterSet (web and API): ids, cached choices, sorting, fields."""

from __future__ import annotations

import copy
import datetime as dt
from typing import TYPE_CHECKING, Any

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import (
    F,
    QuerySet,
)
from django.http import HttpRequest
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from . import customfields

if TYPE_CHECKING:
    from django.db.models.expressions import OrderBy
    from django_stubs_ext import StrOrPromise
from .models import CustomFieldType

ACTIVE_CHOICES = [("true", _("Active")), ("false", _("Inactive"))]


ID_MIN, ID_MAX = -(2**63), 2**63 - 1


def is_storable_id(value) -> bool:
    """Whether `value` could be a row id; a larger number crashes the database driver."""
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return True  # not a number at all: the field's own validation says so
    return ID_MIN <= number <= ID_MAX


class IdField(forms.IntegerField):
    """A row id: a whole number the database can store (a larger one crashes its driver)."""

    default_error_messages = {
        "max_value": _("There is no such id."),
        "min_value": _("There is no such id."),
    }

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(min_value=ID_MIN, max_value=ID_MAX, **kwargs)


class IdFilter(django_filters.NumberFilter):
    """Filters by a row id; an id out of the database's range is a 400 naming the filter."""

    field_class = IdField


def copy_filter(base: django_filters.Filter) -> django_filters.Filter:
    """A filter for one FilterSet instance: its own attributes and `extra`, nothing shared that
    the instance changes, and its method bound to the copy (so to the instance's parent)."""
    filter_ = copy.copy(base)
    filter_.extra = dict(base.extra)
    vars(filter_).pop("_field", None)  # built from `extra` when asked for, never shared
    if base.method is not None:
        filter_.method = base.method
    return filter_


class FilterDict(dict):
    """A FilterSet's `base_filters`, copied per instance one level deep instead of deeply.

    django-filter deep-copies every filter on every request, down to the querysets, choices
    and widgets in their arguments, to give each instance filters it may change. Ours change
    a filter's attributes or replace a value in its `extra`, never a value in place, and a form
    field copies its widget itself; a copy of each filter and of its `extra` is as safe, and
    on a list page it halved the FilterSet's set-up (docs/performance.md).
    """

    def __deepcopy__(self, memo):
        return {name: copy_filter(filter_) for name, filter_ in self.items()}


class OfficeFilterSet(django_filters.FilterSet):
    """The base of every list's FilterSet (web and API): refuses ids no row can have.

    A model choice filter looks its value up before validating it, and a number past 64 bits
    makes the database driver raise (OverflowError) instead of finding nothing. Such a value
    makes the FilterSet invalid with a message on the filter, and is kept away from the form.
    """

    @classmethod
    def get_filters(cls):
        return FilterDict(super().get_filters())

    def __init__(
        self,
        data: Any = None,
        queryset: QuerySet[Any] | None = None,
        *,
        request: HttpRequest | None = None,
        prefix: str | None = None,
    ) -> None:
        self.unstorable: dict[str, list[StrOrPromise]] = {}
        if data is not None and hasattr(data, "getlist"):
            model_filters = (
                django_filters.ModelChoiceFilter,
                django_filters.ModelMultipleChoiceFilter,
            )
            names = [
                name
                for name, filter_ in self.base_filters.items()
                if isinstance(filter_, model_filters)
                and not all(is_storable_id(v) for v in data.getlist(name))
            ]
            if names:
                data = data.copy()
                for name in names:
                    data.pop(name, None)
                    self.unstorable[name] = [_("Select a valid choice: there is no such id.")]
        super().__init__(data, queryset, request=request, prefix=prefix)

    def is_valid(self) -> bool:
        valid = super().is_valid()
        for name, messages in self.unstorable.items():
            if name in self.form.fields and name not in self.form.errors:
                self.form.add_error(name, messages)
        return valid and not self.unstorable


class UtcIsoDateTimeFilter(django_filters.IsoDateTimeFilter):
    """An ISO 8601 date-time filter that queries in UTC.

    ISO allows offsets up to ±23:59; PostgreSQL refuses any past ±15:59 and fails the whole
    transaction. Converted to UTC first, every valid value is one the database accepts.
    """

    def filter(self, qs: QuerySet, value):
        if value is not None and value.tzinfo is not None:
            value = value.astimezone(dt.UTC)
        return super().filter(qs, value)


def _not_known(field: forms.ModelChoiceField, value: Any) -> ValidationError:
    return ValidationError(
        field.error_messages["invalid_choice"], code="invalid_choice", params={"value": value}
    )


def _known_key(field: forms.ModelChoiceField, value: Any) -> str:
    """A submitted id as the key of `known`, or the error Django's model fields give."""
    field.validate_no_null_characters(value)
    try:
        return str(int(str(getattr(value, "pk", value)).strip()))
    except ValueError:
        raise ValidationError(
            field.error_messages.get("invalid_pk_value", field.error_messages["invalid_choice"]),
            code="invalid_pk_value",
            params={"pk": value, "value": value},
        ) from None


class KnownModelChoiceField(django_filters.fields.ModelChoiceField):
    """A model choice field that, once given `known` ({"id": value}: the office's cached list),
    checks a submitted id against it instead of querying its queryset."""

    known: dict[str, Any] | None = None

    def to_python(self, value):
        if self.known is None or value in self.empty_values:
            return super().to_python(value)
        key = _known_key(self, value)
        if key not in self.known:
            raise _not_known(self, value)
        return self.known[key]


class KnownModelMultipleChoiceField(django_filters.fields.ModelMultipleChoiceField):
    """The same for several ids: the chosen values of `known`, in no particular order."""

    known: dict[str, Any] | None = None

    def clean(self, value):
        # Django answers "none chosen" with `queryset.none()`, which the filter then tests for
        # truth: a query built and compiled (to nothing) on every view that filters no source.
        if self.known is not None and not self.required and not self.prepare_value(value):
            return []
        return super().clean(value)

    def _check_values(self, value):
        if self.known is None:
            return super()._check_values(value)
        try:
            value = frozenset(value)
        except TypeError:
            raise ValidationError(
                self.error_messages["invalid_list"], code="invalid_list"
            ) from None
        chosen = []
        for pk in value:
            key = _known_key(self, pk)
            if key not in self.known:
                raise _not_known(self, pk)
            chosen.append(self.known[key])
        return chosen


class KnownModelChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = KnownModelChoiceField


class KnownModelMultipleChoiceFilter(django_filters.ModelMultipleChoiceFilter):
    field_class = KnownModelMultipleChoiceField


class CustomFieldFilter(django_filters.Filter):
    """Filter on one custom field's value in the JSON column (text: contains; others: equal)."""

    def __init__(self, definition, **kwargs):
        self.definition = definition
        super().__init__(field_name=f"custom_fields__{definition.key}", label=definition.label)

    @property
    def field(self):
        # Built when asked for: a list page's form class is cached (`get_form_class`).
        if not hasattr(self, "_field"):
            self._field = customfields.form_field(self.definition, for_filter=True)
        return self._field

    def filter(self, qs: QuerySet, value) -> QuerySet:
        if value in (None, "", []):
            return qs
        lookup = self.field_name
        if self.definition.field_type == CustomFieldType.TEXT:
            return qs.filter(**{f"{lookup}__icontains": value})
        return qs.filter(**{lookup: customfields.to_json(self.definition, value)})


class StableOrderingFilter(django_filters.OrderingFilter):
    """Sort by the chosen column, then by the primary key, the same way on every database.

    Without a unique last key, pages of equal values (many “Smith”s) would overlap or skip rows.
    Fields named in `nulls_low` treat an empty value as the lowest (never contacted comes first
    ascending, last descending): SQLite does that by itself, PostgreSQL is told to.
    """

    def __init__(self, *args, nulls_low: tuple[str, ...] = (), **kwargs):
        self.nulls_low = set(nulls_low)
        super().__init__(*args, **kwargs)

    def build_choices(self, fields, labels):
        """django-filter's choices, with “(descending)” translated when shown: it formats those
        labels once, when the FilterSet class is defined, in the default language."""
        choices = super().build_choices(fields, labels)
        ascending = dict(choices)
        descending = lazy(lambda label: str(self.descending_fmt) % label, str)
        return [
            (param, descending(ascending[param[1:]]))
            if param.startswith("-") and param not in labels
            else (param, label)
            for param, label in choices
        ]

    def filter(self, qs: QuerySet, value) -> QuerySet:
        if value in ([], (), {}, "", None):
            return qs
        ordering: list[str | OrderBy] = []
        for param in value:
            descending = param.startswith("-")
            field = self.get_ordering_value(param).lstrip("-")
            if field in self.nulls_low:
                expression = F(field)
                ordering.append(
                    expression.desc(nulls_last=True)
                    if descending
                    else expression.asc(nulls_first=True)
                )
            else:
                ordering.append(f"-{field}" if descending else field)
        last = "-pk" if value[0].startswith("-") else "pk"
        return qs.order_by(*ordering, last)


def offer_owners(field: KnownModelChoiceField, users: tuple[tuple[int, str], ...]) -> None:
    """An owner filter offers, and checks a chosen owner against, these (id, name) users: the
    office's active ones from `accounts.officecache` (no query)."""
    offer_choices(field, [("", field.empty_label), *users])
    field.known = {str(pk): pk for pk, _name in users}


def offer_choices(field: forms.ModelChoiceField, choices: list) -> None:
    """Let a model choice field offer these choices without querying its queryset for them.

    Django's model choice fields show `choices` when set and still validate a submitted value
    against their queryset; django-filter's own setter would wrap the list in a model iterator.
    """
    # The stubs type the class attribute as the choices it holds, not as the property it is.
    forms.ChoiceField.choices.fset(field, choices)  # type: ignore[union-attr]

"""Keyset (cursor) paging in the order a FilterSet chose, the same on SQLite and PostgreSQL."""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from uuid import UUID

from django.core.exceptions import FieldDoesNotExist, ImproperlyConfigured
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.expressions import OrderBy
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.pagination import BasePagination
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param


@dataclass(frozen=True)
class _Term:
    """One column of the ordering: the path to sort by, its direction, whether it can be NULL."""

    path: str
    descending: bool
    nullable: bool

    def reversed(self) -> _Term:
        return _Term(self.path, not self.descending, self.nullable)

    def order_by(self):
        if not self.nullable:
            return f"-{self.path}" if self.descending else self.path
        # Empty values sort lowest on every database, so a cursor means the same everywhere.
        return (
            F(self.path).desc(nulls_last=True)
            if self.descending
            else F(self.path).asc(nulls_first=True)
        )

    def after(self, value) -> Q:
        """Rows strictly after `value` in this column's order."""
        if value is None:
            # NULL is lowest: after it ascending come the non-empty values, descending nothing.
            return Q(pk__in=[]) if self.descending else Q(**{f"{self.path}__isnull": False})
        if self.descending:
            q = Q(**{f"{self.path}__lt": value})
            return q | Q(**{f"{self.path}__isnull": True}) if self.nullable else q
        return Q(**{f"{self.path}__gt": value})

    def equal(self, value) -> Q:
        if value is None:
            return Q(**{f"{self.path}__isnull": True})
        return Q(**{self.path: value})


def _path_nullable(model: type[models.Model], path: str) -> bool:
    opts = model._meta
    nullable = False
    for part in path.split("__"):
        try:
            field = opts.pk if part == "pk" else opts.get_field(part)
        except FieldDoesNotExist:
            raise ImproperlyConfigured(f"Cannot page by {path!r} of {model.__name__}") from None
        if field.many_to_many or field.one_to_many:
            raise ImproperlyConfigured(f"Cannot page by the many-valued {path!r}")
        nullable = nullable or bool(getattr(field, "null", False))
        if field.is_relation:
            related = field.related_model
            assert related is not None  # a relation's model (resolved once the apps are ready)
            opts = related._meta
    return nullable


def _f_name(expression: F) -> str:
    return expression.name  # type: ignore[attr-defined]  # F.__init__ sets it; not in the stubs


def ordering_terms(queryset: models.QuerySet) -> list[_Term]:
    """The queryset's ordering as columns, ending with the primary key (the tie-breaker)."""
    query = queryset.query
    ordering = list(query.order_by) or (
        list(queryset.model._meta.ordering) if query.default_ordering else []
    )
    terms: list[_Term] = []
    for item in ordering:
        if isinstance(item, str):
            if item == "?":
                raise ImproperlyConfigured("Random ordering cannot be paged.")
            descending, path = item.startswith("-"), item.lstrip("-")
        elif isinstance(item, OrderBy) and isinstance(item.expression, F):
            descending, path = item.descending, _f_name(item.expression)
        elif isinstance(item, F):
            descending, path = False, _f_name(item)
        else:
            raise ImproperlyConfigured(f"Cannot page an ordering by {item!r}")
        if path in ("pk", queryset.model._meta.pk.name):
            terms.append(_Term("pk", descending, False))
            return terms
        terms.append(_Term(path, descending, _path_nullable(queryset.model, path)))
    terms.append(_Term("pk", terms[0].descending if terms else False, False))
    return terms


def _encode_value(value):
    if isinstance(value, datetime | date | time):
        return value.isoformat()  # full precision: a cursor must not round microseconds
    if isinstance(value, Decimal | UUID):
        return str(value)
    return value


class RecordCursorPagination(BasePagination):
    """Keyset paging in whatever order the FilterSet chose (`?ordering=`), stable under inserts.

    The opaque `cursor` holds the sort values of the row to continue after; `page_size`
    (default 25) is capped at 100. The response is `{"next", "previous", "results"}`.
    """

    page_size = 25
    max_page_size = 100
    cursor_query_param = "cursor"
    page_size_query_param = "page_size"

    def get_page_size(self, request) -> int:
        raw = request.query_params.get(self.page_size_query_param)
        if raw in (None, ""):
            return self.page_size
        try:
            size = int(raw)
        except ValueError:
            size = 0
        if size < 1:
            raise exceptions.ValidationError(
                {self.page_size_query_param: [_("Give a whole number of at least 1.")]}
            )
        return min(size, self.max_page_size)

    def _invalid_cursor(self):
        return exceptions.ValidationError(
            {self.cursor_query_param: [_("This cursor is not valid (here, or in this order).")]}
        )

    def _decode(self, raw: str, terms: list[_Term]) -> tuple[list, bool]:
        try:
            data = json.loads(base64.urlsafe_b64decode(raw.encode("ascii") + b"==="))
            values, reverse, signature = data["v"], bool(data["r"]), data["o"]
        except (ValueError, KeyError, TypeError, UnicodeError, binascii.Error):
            raise self._invalid_cursor() from None
        if signature != self._signature(terms) or not isinstance(values, list):
            raise self._invalid_cursor()
        if len(values) != len(terms):
            raise self._invalid_cursor()
        return values, reverse

    @staticmethod
    def _signature(terms: list[_Term]) -> str:
        return ",".join(("-" if t.descending else "") + t.path for t in terms)

    def _encode(self, values: list, reverse: bool, terms: list[_Term]) -> str:
        data = {"v": [_encode_value(v) for v in values], "r": int(reverse)}
        data["o"] = self._signature(terms)
        return base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        size = self.get_page_size(request)
        terms = ordering_terms(queryset)
        raw = request.query_params.get(self.cursor_query_param)
        values, reverse = self._decode(raw, terms) if raw else (None, False)
        walk = [t.reversed() for t in terms] if reverse else terms
        keys = {f"_cursor_{i}": F(t.path) for i, t in enumerate(terms) if t.path != "pk"}
        qs = queryset.annotate(**keys).order_by(*(t.order_by() for t in walk))
        if values is not None:
            qs = qs.filter(self._after(walk, values))
        try:
            rows = list(qs[: size + 1])
        except (DjangoValidationError, ValueError, TypeError):
            raise self._invalid_cursor() from None
        has_more = len(rows) > size
        rows = rows[:size]
        if reverse:
            rows.reverse()
        # Going forward, there is a previous page if we came from a cursor; going backward,
        # there is a next one (the page we came from).
        self.has_next = has_more if not reverse else True
        self.has_previous = (values is not None) if not reverse else has_more
        self.terms = terms
        self.first = self._position(rows[0], terms) if rows else None
        self.last = self._position(rows[-1], terms) if rows else None
        if not rows and values is not None:
            # An empty page reached through a cursor: offer the way back from where it was.
            self.first = self.last = values
        return rows

    @staticmethod
    def _position(row, terms: list[_Term]) -> list:
        return [row.pk if t.path == "pk" else getattr(row, f"_cursor_{i}") for i, t in
                enumerate(terms)]  # fmt: skip

    @staticmethod
    def _after(terms: list[_Term], values: list) -> Q:
        """(a > va) or (a = va and b > vb) or …, with the primary key last."""
        condition = terms[-1].after(values[-1])
        for term, value in zip(reversed(terms[:-1]), reversed(values[:-1]), strict=True):
            condition = term.after(value) | (term.equal(value) & condition)
        return condition

    def _link(self, values, reverse: bool) -> str:
        url = self.request.build_absolute_uri()
        return replace_query_param(
            url, self.cursor_query_param, self._encode(values, reverse, self.terms)
        )

    def get_next_link(self) -> str | None:
        if not self.has_next or self.last is None:
            return None
        return self._link(self.last, False)

    def get_previous_link(self) -> str | None:
        if not self.has_previous or self.first is None:
            return None
        return self._link(self.first, True)

    def get_first_link(self) -> str:
        return remove_query_param(self.request.build_absolute_uri(), self.cursor_query_param)

    def get_paginated_response(self, data) -> Response:
        return Response(
            {"next": self.get_next_link(), "previous": self.get_previous_link(), "results": data}
        )

    def get_paginated_response_schema(self, schema: dict) -> dict:
        link = {"type": "string", "nullable": True, "format": "uri"}
        return {
            "type": "object",
            "required": ["next", "previous", "results"],
            "properties": {
                "next": {**link, "description": "The next page, or null on the last page."},
                "previous": {**link, "description": "The previous page, or null on the first."},
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view) -> list[dict]:
        return [
            {
                "name": self.cursor_query_param,
                "required": False,
                "in": "query",
                "description": "Where to continue: take it from the `next` or `previous` link.",
                "schema": {"type": "string"},
            },
            {
                "name": self.page_size_query_param,
                "required": False,
                "in": "query",
                "description": (
                    f"Rows per page (default {self.page_size}; more than "
                    f"{self.max_page_size} is treated as {self.max_page_size})."
                ),
                "schema": {"type": "integer", "minimum": 1},
            },
        ]

"""The pieces every API resource is built from: auth, permissions, paging, errors, viewset base.

How to add a resource (say `widgets` of `estatedesk.widgets`):

1. A serializer on `ServiceModelSerializer`: list the fields; mark `id`, `office`, timestamps and
   anything computed read-only; implement `perform_save(instance, validated_data)` calling the
   app's service with `actor=self.actor` (`instance` is None when creating). Services raise
   Django's `ValidationError` / `PermissionDenied`; `api_exception_handler` turns them into
   400 `{"field": ["message"]}` / 403 `{"detail": …}`.
2. A viewset on `RecordViewSet`: set `model`, `serializer_class`, `filterset_class` (the app's
   FilterSet, the same one the web list uses: it gets the request, and its `ordering` filter is
   the only way to sort), override `optimize(queryset)` for `select_related`/`prefetch_related`
   and `perform_destroy(instance)` to call the delete service. The queryset always starts at
   `model.objects.visible_to(request.user)`: whatever the user may not see is a 404.
   A model without `visible_to` (an office table such as lead sources) uses `OfficeViewSet`.
3. Register it: `router.register("widgets", WidgetViewSet, basename="widget")` in `api/urls.py`
   (or `more_routes.register`), and add tests that another office's and a colleague's personal
   widgets answer 404 (see `tests/test_visibility.py`).

The schema (drf-spectacular) picks up fields, filters, paging and the error responses by itself;
use `extend_schema` only for actions whose input is not the serializer.
"""

from __future__ import annotations

from django import forms
from django.db import models
from django.utils.translation import gettext as _
from django_filters import utils as filter_utils
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import exceptions, serializers, viewsets

from estatedesk.core.filtersets import ID_MAX, ID_MIN, is_storable_id  # noqa: F401

from .authentication import ApiTokenAuthentication
from .errors import api_exception_handler, validation_error_detail
from .pagination import RecordCursorPagination
from .permissions import IsOfficeAdminOrReadOnly, IsOfficeStaff
from .throttling import TokenRateThrottle

__all__ = [
    "ApiTokenAuthentication",
    "BaseApiViewSet",
    "FilterSetBackend",
    "IsOfficeAdminOrReadOnly",
    "IsOfficeStaff",
    "OfficeViewSet",
    "RecordCursorPagination",
    "RecordViewSet",
    "ServiceModelSerializer",
    "TokenRateThrottle",
    "api_exception_handler",
    "is_storable_id",
    "validation_error_detail",
]

# --- serializers ----------------------------------------------------------------------------


class ServiceModelSerializer(serializers.ModelSerializer):
    """A ModelSerializer whose writes go through a service, as the acting user.

    Subclasses implement `perform_save(instance, validated_data)` (instance is None when
    creating) and return the saved object.
    """

    @property
    def actor(self):
        return self.context["request"].user

    def create(self, validated_data):
        return self.perform_save(None, validated_data)

    def update(self, instance, validated_data):
        return self.perform_save(instance, validated_data)

    def perform_save(self, instance, validated_data):
        raise NotImplementedError(f"{type(self).__name__}.perform_save must call a service")


# --- filtering ------------------------------------------------------------------------------


class FilterSetBackend(DjangoFilterBackend):
    """django-filter (the FilterSet gets the request); a bad value is a 400 naming the filter.

    Ids too large for the database are refused up front: model choice filters look them up
    before validating, and SQLite's driver (and PostgreSQL's) fail on them.
    """

    def filter_queryset(self, request, queryset, view):
        filterset = self.get_filterset(request, queryset, view)
        if filterset is None:
            return queryset
        errors = {}
        for name, filter_ in filterset.filters.items():
            if not isinstance(filter_.field, forms.ModelChoiceField):
                continue
            values = request.query_params.getlist(name)
            if not all(is_storable_id(v) for v in values):
                errors[name] = [_("Select a valid choice: there is no such id.")]
        if errors:
            raise exceptions.ValidationError(errors)
        if not filterset.is_valid() and self.raise_exception:
            raise filter_utils.translate_validation(filterset.errors)
        return filterset.qs


# --- viewsets -------------------------------------------------------------------------------


class BaseApiViewSet(viewsets.ModelViewSet):
    """What every resource shares: staff only, integer ids, writes through services."""

    permission_classes = [IsOfficeStaff]
    # Anything up to the next slash reaches the view, so that a malformed id is a JSON 404.
    lookup_value_regex = r"[^/]+"

    def perform_destroy(self, instance) -> None:
        raise NotImplementedError(f"{type(self).__name__}.perform_destroy must call a service")


class RecordViewSet(BaseApiViewSet):
    """A record type with sharing rules (leads, contacts, relations, properties, deals …).

    Set `model`, `serializer_class` and `filterset_class`; lists run the FilterSet (filters,
    search `q`, `ordering`) and page with a cursor. Detail, update and delete fetch through the
    same visible queryset, so a record of another office or a colleague's personal one is 404.
    """

    model: type[models.Model]
    filter_backends = [FilterSetBackend]
    pagination_class = RecordCursorPagination

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation: no user
            return self.model.objects.none()
        return self.optimize(self.model.objects.visible_to(self.request.user))

    def optimize(self, queryset: models.QuerySet) -> models.QuerySet:
        """Add select_related/prefetch_related for what the serializer shows."""
        return queryset

    def filter_queryset(self, queryset):
        # Only lists filter: a detail request must not be narrowed (nor pay for the FilterSet).
        if self.action != "list":
            return queryset
        return super().filter_queryset(queryset)


class OfficeViewSet(BaseApiViewSet):
    """An office table without per-record sharing (lead sources, custom field definitions).

    Set `model`; the queryset is the requesting user's office's rows.
    """

    model: type[models.Model]
    pagination_class = RecordCursorPagination

    def get_queryset(self):
        user = self.request.user
        if not getattr(user, "is_staff_member", False):
            return self.model.objects.none()
        return self.optimize(self.model.objects.filter(office_id=user.office_id))

    def optimize(self, queryset: models.QuerySet) -> models.QuerySet:
        return queryset

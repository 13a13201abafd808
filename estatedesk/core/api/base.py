"""The bases every app's API resource is built on: serializer, filtering, viewsets.

How to add a resource (say `widgets` of `estatedesk.widgets`), in `estatedesk/widgets/api/`:

1. `serializers.py`: a serializer on `ServiceModelSerializer`. List the fields; mark `id`,
   `office`, timestamps and anything computed read-only; implement
   `perform_save(instance, validated_data)` calling the app's service with `actor=self.actor`
   (`instance` is None when creating). The service holds every rule about who may set what
   (owner, visibility …) and raises Django's `ValidationError({"field": [...]})` or
   `PermissionDenied`; the exception handler (`REST_FRAMEWORK["EXCEPTION_HANDLER"]`) turns
   them into 400 `{"field": ["message"]}` / 403 `{"detail": …}`. A serializer only translates:
   it never restates a service's rule.
2. `viewsets.py`: a viewset on `RecordViewSet`. Set `model`, `serializer_class` and
   `filterset_class` (the FilterSet in the app's `filtersets.py`, the same one the web list uses:
   it gets the request, and its `ordering` filter is the only way to sort); override
   `optimize(queryset)` for `select_related`/`prefetch_related` and `perform_destroy(instance)`
   to call the delete service. The queryset always starts at
   `model.objects.visible_to(request.user)`: whatever the user may not see is a 404.
   A model without `visible_to` (an office table such as lead sources) uses `OfficeViewSet`.
   Lists page with `REST_FRAMEWORK["DEFAULT_PAGINATION_CLASS"]` (keyset paging); a short list
   that is never paged sets `pagination_class = None`.
3. `routes.py`: `register(router)` calling
   `router.register("widgets", WidgetViewSet, basename="widget")`, and the app's `routes` in
   `APP_ROUTES` of `estatedesk/api/urls.py` (the only place that assembles the API).
4. Tests in `estatedesk/widgets/tests/test_api_widgets.py`, with the `alice_api`, `bob_api`,
   `carol_api`, `admin_api` and `token_client` fixtures and `estatedesk.core.testing.api`:
   at least that another office's and a colleague's personal widgets answer 404.

An app's `api/` imports this package and its own and lower apps' modules, never
`estatedesk.api` (the layer contract in pyproject.toml checks it). The schema
(drf-spectacular) picks up fields, filters, paging and the error responses by itself; use
`extend_schema` only for actions whose input is not the serializer.
"""

from __future__ import annotations

from django import forms
from django.db import models
from django.utils.translation import gettext as _
from django_filters import utils as filter_utils
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import exceptions, serializers, viewsets

from estatedesk.core.filtersets import is_storable_id
from estatedesk.core.http import StaffApiRequest

from .permissions import IsOfficeStaff
from .preconditions import ConditionalRecordMixin, ConditionalRecordSchema

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

    # The docstring above is the schema's description of every operation without its own, so
    # this note is a comment: paging is REST_FRAMEWORK's DEFAULT_PAGINATION_CLASS (the API's
    # keyset paging), named in settings so that this base layer never imports estatedesk.api.
    permission_classes = [IsOfficeStaff]
    request: StaffApiRequest  # once IsOfficeStaff let it through
    # Anything up to the next slash reaches the view, so that a malformed id is a JSON 404.
    lookup_value_regex = r"[^/]+"

    def perform_destroy(self, instance) -> None:
        raise NotImplementedError(f"{type(self).__name__}.perform_destroy must call a service")


class RecordViewSet(ConditionalRecordMixin, BaseApiViewSet):
    """A record type with sharing rules (leads, contacts, relations, properties, deals …).

    Set `model`, `serializer_class` and `filterset_class`; lists run the FilterSet (filters,
    search `q`, `ordering`) and page with a cursor. Detail, update and delete fetch through the
    same visible queryset, so a record of another office or a colleague's personal one is 404.
    Detail answers carry `ETag`/`Last-Modified`; writes honour `If-Match` and
    `If-Unmodified-Since` (412), reads `If-None-Match` (304): see `preconditions`.
    """

    model: type[models.Model]
    filter_backends = [FilterSetBackend]
    schema = ConditionalRecordSchema()

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

    def get_queryset(self):
        user = self.request.user
        if not getattr(user, "is_staff_member", False):
            return self.model.objects.none()
        return self.optimize(self.model.objects.filter(office_id=user.office_id))

    def optimize(self, queryset: models.QuerySet) -> models.QuerySet:
        return queryset

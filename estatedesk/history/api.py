"""`GET /api/<kind>/{id}/changes/`: a record's field change history, for record viewsets.

A record viewset adds `RecordChangesMixin` to its bases; the action fetches the record through
its model's `visible_to` (a malformed id too is a 404), so what the user may not see is a 404, and
pages the entries with the API's cursor paging, newest first.
"""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.generics import get_object_or_404
from rest_framework.response import Response

from estatedesk.core.filtersets import is_storable_id

from .selectors import change_rows, record_changes


class FieldChangeSerializer(serializers.Serializer):
    field = serializers.CharField(
        help_text="The field's name (custom fields: `custom_fields.<key>`)."
    )
    label = serializers.CharField(help_text="The field's label.")  # type: ignore[assignment]
    old = serializers.JSONField(allow_null=True, help_text="The value before, as stored.")
    new = serializers.JSONField(allow_null=True, help_text="The value after, as stored.")
    old_display = serializers.CharField(help_text="The value before, as the web client shows it.")
    new_display = serializers.CharField(help_text="The value after, as the web client shows it.")


class ChangeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    timestamp = serializers.DateTimeField()
    action = serializers.ChoiceField(choices=["create", "update"])
    actor = serializers.IntegerField(
        source="actor_id", allow_null=True, help_text="The user who made it, if a user did."
    )
    actor_label = serializers.CharField(
        help_text="Who made it: a user's name, the web form or e-mail intake, or the system."
    )
    changes = FieldChangeSerializer(many=True, help_text="Empty for `create`.")


class RecordChangesMixin:
    """Adds the `changes` action to a RecordViewSet."""

    @extend_schema(
        summary="The record's change history",
        responses={200: ChangeSerializer(many=True)},
        filters=False,
    )
    @action(detail=True, methods=["get"], filterset_class=None)
    def changes(self, request, pk=None):
        """Who changed which field from what to what, and when; newest first, paged."""
        # The record through the viewset's visible queryset, without what its list prefetches.
        if not is_storable_id(pk):  # no row has an id the database cannot hold
            raise Http404
        queryset = self.model.objects.visible_to(request.user)
        record = get_object_or_404(queryset, pk=pk)
        self.check_object_permissions(request, record)
        entries = record_changes(record)
        page = self.paginate_queryset(entries)
        rows = change_rows(list(entries if page is None else page), record, request.user)
        data = ChangeSerializer(rows, many=True).data
        if page is None:
            return Response(data)
        return self.get_paginated_response(data)

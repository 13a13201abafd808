"""Viewing requests in the staff API: list (filter by contact, status), read, and confirm one of
the client's times, propose another or cancel, through the viewings services.

The queryset starts at `ViewingRequest.objects.visible_to(user)`: a request about a contact the
user may not see (a colleague's personal one, another office's) is a 404. Portal clients have
no API (`IsOfficeStaff`).
"""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from estatedesk.contacts.models import Contact
from estatedesk.core.api.base import FilterSetBackend
from estatedesk.core.api.permissions import IsOfficeStaff
from estatedesk.core.http import StaffApiRequest

from ..choices import ViewingStatus
from ..models import ViewingRequest
from ..services import viewings as services


def _visible_contacts(request):
    if request is None or not getattr(request.user, "is_staff_member", False):
        return Contact.objects.none()
    return Contact.objects.visible_to(request.user)


class ViewingRequestFilterSet(django_filters.FilterSet):
    contact = django_filters.ModelChoiceFilter(
        field_name="offer__contact", queryset=_visible_contacts, label=gettext_lazy("Contact")
    )
    status = django_filters.ChoiceFilter(choices=ViewingStatus.choices)

    class Meta:
        model = ViewingRequest
        fields = ["contact", "status"]


class ViewingRequestSerializer(serializers.ModelSerializer):
    contact = serializers.IntegerField(source="offer.contact_id", read_only=True)
    property = serializers.IntegerField(source="offer.property_id", read_only=True)
    slots = serializers.ListField(child=serializers.DateTimeField(), read_only=True)

    class Meta:
        model = ViewingRequest
        fields = [
            "id", "offer", "contact", "property", "requested_by", "slots", "client_timezone",
            "message", "status", "starts_at", "duration_minutes", "agent", "task", "appointment",
            "cancelled_by", "cancelled_at", "cancel_reason", "feedback", "still_interested",
            "feedback_at", "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = fields


class ConfirmSerializer(serializers.Serializer):
    starts_at = serializers.DateTimeField(help_text="One of the request's slots.")


class ProposeSerializer(serializers.Serializer):
    starts_at = serializers.DateTimeField(help_text="Another time, in the future.")


class CancelSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, max_length=300, default="")


class ViewingRequestViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Viewing requests from the client portal about contacts you may see, newest first."""

    permission_classes = [IsOfficeStaff]
    request: StaffApiRequest
    serializer_class = ViewingRequestSerializer
    filter_backends = [FilterSetBackend]
    filterset_class = ViewingRequestFilterSet
    lookup_value_regex = r"[^/]+"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return ViewingRequest.objects.none()
        return ViewingRequest.objects.visible_to(self.request.user).select_related("offer")

    def filter_queryset(self, queryset):
        if self.action != "list":
            return queryset
        return super().filter_queryset(queryset)

    def _answer(self, viewing: ViewingRequest) -> Response:
        return Response(self.get_serializer(self.get_queryset().get(pk=viewing.pk)).data)

    @extend_schema(request=ConfirmSerializer, responses={200: ViewingRequestSerializer})
    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None):
        """Confirm one of the times the client proposed: an appointment in your calendar."""
        viewing = self.get_object()
        body = ConfirmSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.viewing_confirm(
            viewing=viewing, actor=request.user, starts_at=body.validated_data["starts_at"]
        )
        return self._answer(viewing)

    @extend_schema(request=ProposeSerializer, responses={200: ViewingRequestSerializer})
    @action(detail=True, methods=["post"])
    def propose(self, request, pk=None):
        """Propose another time; the client accepts or declines it in the portal."""
        viewing = self.get_object()
        body = ProposeSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.viewing_propose(
            viewing=viewing, actor=request.user, starts_at=body.validated_data["starts_at"]
        )
        return self._answer(viewing)

    @extend_schema(request=CancelSerializer, responses={200: ViewingRequestSerializer})
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        """Cancel the viewing (the appointment goes; the client is e-mailed a link)."""
        viewing = self.get_object()
        body = CancelSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.viewing_cancel_by_agent(
            viewing=viewing, actor=request.user, reason=body.validated_data["reason"]
        )
        return self._answer(viewing)

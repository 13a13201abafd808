"""Deals and the office's pipeline stages in the API.

Every deal queryset starts from `visible_to(user)`, so what a user may not see is a 404 on
detail, update, delete and actions; every write goes through the deals services.
"""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.response import Response

from estatedesk.core.api.base import OfficeViewSet, RecordViewSet
from estatedesk.deals import services
from estatedesk.deals.filtersets import DealFilterSet
from estatedesk.deals.models import Deal, DealEvent, PipelineStage
from estatedesk.history.api import RecordChangesMixin

from .serializers import (
    DealEventSerializer,
    DealMoveSerializer,
    DealSerializer,
    PipelineStageSerializer,
)


class DealViewSet(RecordChangesMixin, RecordViewSet):
    """Deals you may see, filtered and sorted like the web list (DealFilterSet)."""

    model = Deal
    serializer_class = DealSerializer
    filterset_class = DealFilterSet

    def optimize(self, queryset):
        return queryset.prefetch_related("splits")

    def perform_destroy(self, instance) -> None:
        services.deal_delete(deal=instance, actor=self.request.user)

    @extend_schema(request=DealMoveSerializer, responses={200: DealSerializer})
    @action(detail=True, methods=["post"])
    def move(self, request, pk=None):
        """Move the deal into another active stage (a lost stage needs `lost_reason`).

        The move is recorded in the deal's history.
        """
        deal = self.get_object()
        body = DealMoveSerializer(data=request.data, context=self.get_serializer_context())
        body.is_valid(raise_exception=True)
        deal = services.deal_move(
            deal=deal, stage=body.validated_data["stage"], actor=request.user,
            lost_reason=body.validated_data["lost_reason"],
        )  # fmt: skip
        return Response(self.get_serializer(self.get_queryset().get(pk=deal.pk)).data)

    @extend_schema(responses={200: DealEventSerializer(many=True)},
                   filters=False)  # fmt: skip
    @action(detail=True, methods=["get"], filterset_class=None, pagination_class=None)
    def events(self, request, pk=None):
        """The deal's history, newest first."""
        deal = self.get_object()
        events = DealEvent.objects.filter(office_id=deal.office_id, deal=deal).select_related(
            "actor"
        )
        return Response(DealEventSerializer(events, many=True).data)


class PipelineStageViewSet(OfficeViewSet):
    """The office's active pipeline stages, in order (read-only; Setup changes them)."""

    model = PipelineStage
    serializer_class = PipelineStageSerializer
    http_method_names = ["get", "head", "options"]

    def optimize(self, queryset):
        # An office that never opened its pipeline gets the default stages first.
        services.stages_for_office(self.request.user.office)
        return queryset.filter(is_active=True).order_by("order", "pk")

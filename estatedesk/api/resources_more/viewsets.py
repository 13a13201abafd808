"""Viewsets for activities, tasks, properties, property links, deals and pipeline stages.

Every queryset starts from the records' `visible_to(user)`, so what a user may not see is a
404 on detail, update, delete and actions; every write goes through the apps' services.
"""

from __future__ import annotations

from django.db.models import Prefetch, Q
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.response import Response

from estatedesk.activities import services as activity_services
from estatedesk.activities.models import Activity, ActivityLink, Task
from estatedesk.api.base import OfficeViewSet, RecordViewSet
from estatedesk.contacts.models import Contact, Lead, Relation
from estatedesk.deals import services as deal_services
from estatedesk.deals.filtersets import DealFilterSet
from estatedesk.deals.models import Deal, DealEvent, PipelineStage
from estatedesk.properties import services as property_services
from estatedesk.properties.filtersets import PropertyFilterSet
from estatedesk.properties.models import Property, PropertyLink, PropertyPhoto

from .activities import (
    ActivityFilterSet,
    ActivitySerializer,
    TaskCompleteSerializer,
    TaskFilterSet,
    TaskSerializer,
)
from .deals import (
    DealEventSerializer,
    DealMoveSerializer,
    DealSerializer,
    PipelineStageSerializer,
)
from .properties import (
    PropertyLinkFilterSet,
    PropertyLinkSerializer,
    PropertyPhotoSerializer,
    PropertySerializer,
)


class ActivityViewSet(RecordViewSet):
    """Activities linked to at least one record you may see, newest first.

    Only who logged an activity, or an office administrator, may change or delete it.
    """

    model = Activity
    serializer_class = ActivitySerializer
    filterset_class = ActivityFilterSet

    def optimize(self, queryset):
        # The records each activity names: those the reader may see, in one query per page.
        links = ActivityLink.objects.visible_to(self.request.user).select_related(
            "lead", "contact", "relation"
        )
        return queryset.prefetch_related(Prefetch("links", links, to_attr="visible_links"))

    def perform_destroy(self, instance) -> None:
        activity_services.activity_delete(activity=instance, actor=self.request.user)


class TaskViewSet(RecordViewSet):
    """Tasks about records you may see, soonest due first."""

    model = Task
    serializer_class = TaskSerializer
    filterset_class = TaskFilterSet

    def optimize(self, queryset):
        return queryset.select_related("lead", "contact", "relation", "reminder")

    def perform_destroy(self, instance) -> None:
        activity_services.task_delete(task=instance, actor=self.request.user)

    @extend_schema(request=TaskCompleteSerializer, responses={200: TaskSerializer})
    @action(detail=True, methods=["post"])
    def complete(self, request, pk=None):
        """Tick the task off (`{"done": true}`, the default) or open it again."""
        task = self.get_object()
        body = TaskCompleteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        task = activity_services.task_set_done(
            task=task, actor=request.user, done=body.validated_data["done"]
        )
        return Response(self.get_serializer(self.get_queryset().get(pk=task.pk)).data)


class PropertyViewSet(RecordViewSet):
    """Properties you may see, filtered and sorted like the web list (PropertyFilterSet)."""

    model = Property
    serializer_class = PropertySerializer
    filterset_class = PropertyFilterSet

    def perform_destroy(self, instance) -> None:
        property_services.record_delete(record=instance, actor=self.request.user)

    @extend_schema(responses={200: PropertyPhotoSerializer(many=True)},
                   filters=False)  # fmt: skip
    @action(detail=True, methods=["get"], filterset_class=None, pagination_class=None)
    def photos(self, request, pk=None):
        """The property's photos in their order, with the addresses that serve them."""
        record = self.get_object()
        photos = PropertyPhoto.objects.filter(office_id=record.office_id, property=record)
        return Response(
            PropertyPhotoSerializer(photos, many=True, context=self.get_serializer_context()).data
        )


class PropertyLinkViewSet(RecordViewSet):
    """Links between properties and contacts or relations; both ends must be visible to you.

    Filter on `property`, `contact` or `relation` to list one record's links.
    """

    serializer_class = PropertyLinkSerializer
    filterset_class = PropertyLinkFilterSet
    http_method_names = ["get", "post", "delete", "head", "options"]

    def get_queryset(self):
        user = self.request.user
        if getattr(self, "swagger_fake_view", False):  # the schema generator's request
            return PropertyLink.objects.none()
        return PropertyLink.objects.filter(
            office_id=user.office_id,
            property__in=Property.objects.visible_to(user).values("pk"),
        ).filter(
            Q(contact__in=Contact.objects.visible_to(user).values("pk"))
            | Q(relation__in=Relation.objects.visible_to(user).values("pk"))
            | Q(lead__in=Lead.objects.visible_to(user).values("pk"))
        )

    def perform_destroy(self, instance) -> None:
        property_services.property_link_remove(link=instance, actor=self.request.user)


class DealViewSet(RecordViewSet):
    """Deals you may see, filtered and sorted like the web list (DealFilterSet)."""

    model = Deal
    serializer_class = DealSerializer
    filterset_class = DealFilterSet

    def optimize(self, queryset):
        return queryset.prefetch_related("splits")

    def perform_destroy(self, instance) -> None:
        deal_services.deal_delete(deal=instance, actor=self.request.user)

    @extend_schema(request=DealMoveSerializer, responses={200: DealSerializer})
    @action(detail=True, methods=["post"])
    def move(self, request, pk=None):
        """Move the deal into another active stage (a lost stage needs `lost_reason`).

        The move is recorded in the deal's history.
        """
        deal = self.get_object()
        body = DealMoveSerializer(data=request.data, context=self.get_serializer_context())
        body.is_valid(raise_exception=True)
        deal = deal_services.deal_move(
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
        deal_services.stages_for_office(self.request.user.office)
        return queryset.filter(is_active=True).order_by("order", "pk")

"""Activities and tasks in the API, about records the requesting user may see.

Every queryset starts from `visible_to(user)`, so what a user may not see is a 404 on detail,
update, delete and actions; every write goes through the activities services.
"""

from __future__ import annotations

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.response import Response

from estatedesk.activities import services
from estatedesk.activities.filtersets import ActivityFilterSet, TaskFilterSet
from estatedesk.activities.models import Activity, ActivityLink, Task
from estatedesk.core.api.base import RecordViewSet

from .serializers import ActivitySerializer, TaskCompleteSerializer, TaskSerializer


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
        services.activity_delete(activity=instance, actor=self.request.user)


class TaskViewSet(RecordViewSet):
    """Tasks about records you may see, soonest due first."""

    model = Task
    serializer_class = TaskSerializer
    filterset_class = TaskFilterSet

    def optimize(self, queryset):
        return queryset.select_related("lead", "contact", "relation", "reminder")

    def perform_destroy(self, instance) -> None:
        services.task_delete(task=instance, actor=self.request.user)

    @extend_schema(request=TaskCompleteSerializer, responses={200: TaskSerializer})
    @action(detail=True, methods=["post"])
    def complete(self, request, pk=None):
        """Tick the task off (`{"done": true}`, the default) or open it again."""
        task = self.get_object()
        body = TaskCompleteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        task = services.task_set_done(
            task=task, actor=request.user, done=body.validated_data["done"]
        )
        return Response(self.get_serializer(self.get_queryset().get(pk=task.pk)).data)

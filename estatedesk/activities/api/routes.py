"""The activities app's API routes: activities, tasks (assembled by estatedesk.api.urls)."""

from rest_framework.routers import BaseRouter

from .viewsets import ActivityViewSet, TaskViewSet


def register(router: BaseRouter) -> None:
    router.register("activities", ActivityViewSet, basename="activity")
    router.register("tasks", TaskViewSet, basename="task")

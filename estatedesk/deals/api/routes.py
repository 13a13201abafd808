"""The deals app's API routes: deals, pipeline stages (assembled by estatedesk.api.urls)."""

from rest_framework.routers import BaseRouter

from .viewsets import DealViewSet, PipelineStageViewSet


def register(router: BaseRouter) -> None:
    router.register("deals", DealViewSet, basename="deal")
    router.register("pipeline-stages", PipelineStageViewSet, basename="pipeline-stage")

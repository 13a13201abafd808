"""API routes for activities, tasks, properties, property links and deals (see api.urls)."""


def register(router) -> None:
    """Add this module's viewsets to the API router."""
    from .resources_more import viewsets

    router.register("activities", viewsets.ActivityViewSet, basename="activity")
    router.register("tasks", viewsets.TaskViewSet, basename="task")
    router.register("properties", viewsets.PropertyViewSet, basename="property")
    router.register("property-links", viewsets.PropertyLinkViewSet, basename="property-link")
    router.register("deals", viewsets.DealViewSet, basename="deal")
    router.register("pipeline-stages", viewsets.PipelineStageViewSet, basename="pipeline-stage")

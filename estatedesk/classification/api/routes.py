"""Classification's API routes: categories, lead sources (assembled by estatedesk.api.urls)."""

from rest_framework.routers import BaseRouter

from .viewsets import CategoryViewSet, LeadSourceViewSet


def register(router: BaseRouter) -> None:
    router.register("categories", CategoryViewSet, basename="category")
    router.register("lead-sources", LeadSourceViewSet, basename="lead-source")

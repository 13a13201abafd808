"""Core's API routes: the office's custom field definitions (assembled by estatedesk.api.urls)."""

from rest_framework.routers import BaseRouter

from .viewsets import CustomFieldViewSet


def register(router: BaseRouter) -> None:
    router.register("custom-fields", CustomFieldViewSet, basename="custom-field")

"""The properties app's API routes: properties, property links (see estatedesk.api.urls)."""

from rest_framework.routers import BaseRouter

from .viewsets import PropertyLinkViewSet, PropertyViewSet


def register(router: BaseRouter) -> None:
    router.register("properties", PropertyViewSet, basename="property")
    router.register("property-links", PropertyLinkViewSet, basename="property-link")

"""The contacts app's API routes: leads, contacts, relations (assembled by estatedesk.api.urls)."""

from rest_framework.routers import BaseRouter

from .viewsets import ContactViewSet, LeadViewSet, RelationViewSet


def register(router: BaseRouter) -> None:
    router.register("leads", LeadViewSet, basename="lead")
    router.register("contacts", ContactViewSet, basename="contact")
    router.register("relations", RelationViewSet, basename="relation")

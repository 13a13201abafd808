"""The portal app's API routes (see estatedesk.api.urls): offers with their reactions, and
viewing requests."""

from rest_framework.routers import BaseRouter

from .viewings import ViewingRequestViewSet
from .viewsets import OfferViewSet


def register(router: BaseRouter) -> None:
    router.register("portal-offers", OfferViewSet, basename="portal-offer")
    router.register("viewing-requests", ViewingRequestViewSet, basename="viewing-request")

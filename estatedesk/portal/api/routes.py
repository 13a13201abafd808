"""The portal app's API routes (see estatedesk.api.urls): offers and their reactions."""

from rest_framework.routers import BaseRouter

from .viewsets import OfferViewSet


def register(router: BaseRouter) -> None:
    router.register("portal-offers", OfferViewSet, basename="portal-offer")

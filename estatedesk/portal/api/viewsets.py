"""The staff's API for the client portal's offers: list (by contact or property), read,
create, withdraw, and an offer's messages. Everything starts at `Offer.objects.visible_to`."""

from __future__ import annotations

from django.db.models import Count, Q
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.response import Response

from estatedesk.core.api.base import RecordViewSet

from ..choices import Side
from ..filtersets import OfferFilterSet
from ..models import Offer
from ..selectors import offers as selectors
from ..services import offers as services
from .serializers import OfferMessageSerializer, OfferSerializer


class OfferViewSet(RecordViewSet):
    """Properties offered to contacts in the client portal, with the clients' reactions.

    Filter on `contact` or `property`; `withdrawn=false` leaves withdrawn offers out.
    """

    model = Offer
    serializer_class = OfferSerializer
    filterset_class = OfferFilterSet
    http_method_names = ["get", "post", "head", "options"]

    def optimize(self, queryset):
        return (
            queryset.prefetch_related("documents", "reactions__reasons")
            .annotate(
                unread=Count(
                    "messages",
                    filter=Q(messages__side=Side.CLIENT, messages__read_at__isnull=True),
                )
            )
            .order_by("-offered_at", "-pk")
        )

    @extend_schema(request=None, responses={200: OfferSerializer})
    @action(detail=True, methods=["post"], filterset_class=None)
    def withdraw(self, request, pk=None):
        """Withdraw the offer: the client no longer sees it (offering it again revives it)."""
        offer = services.offer_withdraw(actor=request.user, offer=self.get_object())
        fresh = self.get_queryset().get(pk=offer.pk)
        return Response(self.get_serializer(fresh).data)

    @extend_schema(responses={200: OfferMessageSerializer(many=True)}, filters=False)
    @action(detail=True, methods=["get"], filterset_class=None, pagination_class=None)
    def messages(self, request, pk=None):
        """The offer's thread with the client, oldest first (reading it marks nothing read)."""
        offer = self.get_object()
        return Response(OfferMessageSerializer(selectors.offer_thread(offer), many=True).data)

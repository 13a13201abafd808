"""Properties and property links in the API, for the records the requesting user may see.

Every queryset starts from `visible_to(user)`, so what a user may not see is a 404 on detail,
update, delete and actions; every write goes through the properties services.
"""

from __future__ import annotations

from django.db.models import Q
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.response import Response

from estatedesk.contacts.models import Contact, Lead, Relation
from estatedesk.core.api.base import RecordViewSet
from estatedesk.history.api import RecordChangesMixin
from estatedesk.properties import services
from estatedesk.properties.filtersets import PropertyFilterSet, PropertyLinkFilterSet
from estatedesk.properties.models import Property, PropertyLink, PropertyPhoto

from .serializers import PropertyLinkSerializer, PropertyPhotoSerializer, PropertySerializer


class PropertyViewSet(RecordChangesMixin, RecordViewSet):
    """Properties you may see, filtered and sorted like the web list (PropertyFilterSet)."""

    model = Property
    serializer_class = PropertySerializer
    filterset_class = PropertyFilterSet

    def perform_destroy(self, instance) -> None:
        services.record_delete(record=instance, actor=self.request.user)

    @extend_schema(responses={200: PropertyPhotoSerializer(many=True)},
                   filters=False)  # fmt: skip
    @action(detail=True, methods=["get"], filterset_class=None, pagination_class=None)
    def photos(self, request, pk=None):
        """The property's photos in their order, with the addresses that serve them."""
        record = self.get_object()
        photos = PropertyPhoto.objects.filter(office_id=record.office_id, property=record)
        return Response(
            PropertyPhotoSerializer(photos, many=True, context=self.get_serializer_context()).data
        )


class PropertyLinkViewSet(RecordViewSet):
    """Links between properties and contacts or relations; both ends must be visible to you.

    Filter on `property`, `contact` or `relation` to list one record's links.
    """

    serializer_class = PropertyLinkSerializer
    filterset_class = PropertyLinkFilterSet
    http_method_names = ["get", "post", "delete", "head", "options"]

    def get_queryset(self):
        user = self.request.user
        if getattr(self, "swagger_fake_view", False):  # the schema generator's request
            return PropertyLink.objects.none()
        return PropertyLink.objects.filter(
            office_id=user.office_id,
            property__in=Property.objects.visible_to(user).values("pk"),
        ).filter(
            Q(contact__in=Contact.objects.visible_to(user).values("pk"))
            | Q(relation__in=Relation.objects.visible_to(user).values("pk"))
            | Q(lead__in=Lead.objects.visible_to(user).values("pk"))
        )

    def perform_destroy(self, instance) -> None:
        services.property_link_remove(link=instance, actor=self.request.user)

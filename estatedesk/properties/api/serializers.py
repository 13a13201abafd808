"""Properties, their photos and the people linked to them in the API: serializers.

Who may set a property's owner and visibility is `properties.services.property_save`'s rule;
the serializer only translates its field-keyed errors.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from estatedesk.accounts.api.fields import record_owner_field
from estatedesk.contacts.models import Contact, Lead, Relation
from estatedesk.core.api.base import ServiceModelSerializer
from estatedesk.core.api.fields import VisibleRelatedField
from estatedesk.properties import services
from estatedesk.properties.models import Project, Property, PropertyLink, PropertyPhoto


class PropertySerializer(ServiceModelSerializer):
    """A house, apartment, plot … of the office; `owner` is the listing agent."""

    reference = serializers.CharField(
        max_length=30, required=False, allow_blank=True,
        help_text=_("Left blank, one is generated, such as P-000123."),
    )  # fmt: skip
    project = VisibleRelatedField(Project, required=False, allow_null=True)
    address_line = serializers.CharField(read_only=True)
    owner = record_owner_field()

    class Meta:
        model = Property
        fields = [
            "id", "reference", "property_type", "listing_kind", "status", "street",
            "house_number", "postal_code", "city", "country", "address_line", "latitude",
            "longitude", "asking_price", "living_area", "plot_area", "bedrooms", "bathrooms",
            "year_built", "description", *Property.FEATURE_FIELDS, "project", "owner",
            "visibility", "is_active", "office", "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = ["id", "office", "created_at", "updated_at"]

    def perform_save(self, instance: Property | None, validated_data: dict) -> Property:
        record = instance or Property()
        for name, value in validated_data.items():
            setattr(record, name, value)
        return services.property_save(record=record, actor=self.actor)


class PropertyPhotoSerializer(serializers.ModelSerializer):
    """A photo's facts and the addresses that serve it (to a logged-in user who may see it)."""

    url = serializers.SerializerMethodField()
    thumbnail_url = serializers.SerializerMethodField()

    class Meta:
        model = PropertyPhoto
        fields = ["id", "caption", "position", "width", "height", "content_type", "url",
                  "thumbnail_url", "created_at"]  # fmt: skip
        read_only_fields = fields

    def _absolute(self, path: str) -> str:
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request is not None else path

    @extend_schema_field(serializers.URLField())
    def get_url(self, photo: PropertyPhoto) -> str:
        return self._absolute(reverse("properties:photo_file", args=[photo.property_id, photo.pk]))

    @extend_schema_field(serializers.URLField())
    def get_thumbnail_url(self, photo: PropertyPhoto) -> str:
        return self._absolute(
            reverse("properties:photo_thumbnail", args=[photo.property_id, photo.pk])
        )


class PropertyLinkSerializer(ServiceModelSerializer):
    """A contact, a relation or a lead (exactly one) linked to a property in a role.

    Both ends must be records you may see; links cannot be edited, only added and removed.
    A lead's links move to its contact when the lead is converted.
    """

    property = VisibleRelatedField(Property)
    contact = VisibleRelatedField(Contact, required=False, allow_null=True, default=None)
    relation = VisibleRelatedField(Relation, required=False, allow_null=True, default=None)
    lead = VisibleRelatedField(Lead, required=False, allow_null=True, default=None)

    class Meta:
        model = PropertyLink
        fields = ["id", "property", "contact", "relation", "lead", "role", "start_date",
                  "end_date", "note", "created_by", "created_at"]  # fmt: skip
        read_only_fields = ["id", "created_by", "created_at"]
        # The service refuses a duplicate link with a message on `role`; DRF's validators for
        # the conditional unique constraints would instead demand both contact and relation.
        validators: list = []

    def perform_save(self, instance: PropertyLink | None, validated_data: dict) -> PropertyLink:
        if instance is not None:  # the viewset offers no update
            raise NotImplementedError
        return services.property_link_add(actor=self.actor, **validated_data)

"""Offers, reactions and messages of the client portal as the staff's API shows them."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from estatedesk.contacts.models import Contact
from estatedesk.core.api.base import ServiceModelSerializer
from estatedesk.core.api.fields import VisibleRelatedField
from estatedesk.documents.models import Document
from estatedesk.properties.models import Property

from ..models import Offer, OfferMessage, Reaction, RejectionReason
from ..services import offers as services


class ReactionSerializer(serializers.ModelSerializer):
    """One household member's reaction: preference, rating and the reasons' names."""

    reasons: serializers.SlugRelatedField[RejectionReason] = serializers.SlugRelatedField(
        many=True, read_only=True, slug_field="name"
    )

    class Meta:
        model = Reaction
        fields = ["contact", "preference", "rating", "reasons", "reason_text", "updated_at"]
        read_only_fields = fields


class OfferMessageSerializer(serializers.ModelSerializer):
    class Meta:
        model = OfferMessage
        fields = ["id", "side", "author", "contact", "body", "read_at", "created_at"]
        read_only_fields = fields


class OfficeDocumentField(serializers.PrimaryKeyRelatedField):
    """A document of the requesting user's office; the service checks it is the property's."""

    def get_queryset(self) -> Any:
        request = self.context.get("request")
        office_id = getattr(getattr(request, "user", None), "office_id", None)
        return Document.objects.filter(office_id=office_id or 0)


class OfferSerializer(ServiceModelSerializer):
    """A property offered to a contact in the client portal.

    Create one by posting `contact`, `property`, an optional `note` and `documents` (ids of
    the property's documents to share); offering a withdrawn one again revives it. Offers are
    not edited: withdraw one with its `withdraw` action.
    """

    contact = VisibleRelatedField(Contact)
    property = VisibleRelatedField(Property)
    documents = OfficeDocumentField(many=True, required=False)
    reactions = ReactionSerializer(many=True, read_only=True)
    unread_messages = serializers.IntegerField(read_only=True, source="unread", default=0)

    class Meta:
        model = Offer
        fields = ["id", "contact", "property", "note", "documents", "offered_by", "offered_at",
                  "withdrawn_at", "reactions", "unread_messages", "updated_at"]  # fmt: skip
        read_only_fields = ["id", "offered_by", "offered_at", "withdrawn_at", "updated_at"]
        validators: list = []  # the service revives an existing (contact, property) offer

    def perform_save(self, instance: Offer | None, validated_data: dict) -> Offer:
        if instance is not None:  # the viewset offers no update
            raise NotImplementedError
        [offer] = services.offer_create(
            actor=self.actor,
            contact=validated_data["contact"],
            properties=[validated_data["property"]],
            note=validated_data.get("note", ""),
            documents=validated_data.get("documents", []),
        )
        return offer

"""Deals, their commission splits and history, and the office's pipeline stages: serializers.

Who may set a deal's owner and visibility is `deals.services.deal_save`'s rule; the serializer
only translates its field-keyed errors.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from estatedesk.accounts.api.fields import OfficeUserField, record_owner_field
from estatedesk.contacts.models import Contact, Relation
from estatedesk.core.api.base import ServiceModelSerializer
from estatedesk.core.api.fields import VisibleRelatedField
from estatedesk.deals import services
from estatedesk.deals.models import CommissionSplit, Deal, DealEvent, PipelineStage
from estatedesk.properties.models import Property


@extend_schema_field(OpenApiTypes.INT)
class OfficeStageField(serializers.PrimaryKeyRelatedField):
    """One of the requesting user's office's stages, by id (the service wants an active one)."""

    def get_queryset(self):
        request = self.context.get("request")
        office_id = getattr(getattr(request, "user", None), "office_id", None)
        return PipelineStage.objects.for_office(office_id)


class PipelineStageSerializer(serializers.ModelSerializer):
    class Meta:
        model = PipelineStage
        fields = ["id", "name", "order", "kind", "is_active"]
        read_only_fields = fields


class CommissionSplitSerializer(serializers.ModelSerializer):
    agent = OfficeUserField()
    amount = serializers.SerializerMethodField(
        help_text=_("The agent's part of the commission, in the office currency.")
    )

    class Meta:
        model = CommissionSplit
        fields = ["agent", "share", "amount"]

    @extend_schema_field(serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True))
    def get_amount(self, split: CommissionSplit) -> str | None:
        # `split.deal` is the deal being shown: the related manager sets it, no query.
        amount = split.amount(split.deal.commission_amount)
        return None if amount is None else f"{amount:.2f}"


class DealSerializer(ServiceModelSerializer):
    """A sale or rental through the office pipeline, with its commission splits.

    `status` and `closed_at` follow the stage; a lost stage needs `lost_reason`. Changing
    `stage` here records the move in the history like `POST /api/deals/{id}/move/`.
    """

    stage = OfficeStageField(
        required=False, help_text=_("Default: the office's first active open stage.")
    )
    property = VisibleRelatedField(Property, required=False, allow_null=True)
    buyer_contact = VisibleRelatedField(Contact, required=False, allow_null=True)
    buyer_relation = VisibleRelatedField(Relation, required=False, allow_null=True)
    seller_contact = VisibleRelatedField(Contact, required=False, allow_null=True)
    seller_relation = VisibleRelatedField(Relation, required=False, allow_null=True)
    commission_amount = serializers.DecimalField(
        max_digits=14, decimal_places=2, read_only=True, allow_null=True,
        help_text=_("Percentage × value, or the fixed amount."),
    )  # fmt: skip
    splits = CommissionSplitSerializer(
        many=True, required=False,
        help_text=_("Agents' shares of the commission, together 100%; given, they replace "
                    "the deal's splits."),
    )  # fmt: skip
    owner = record_owner_field()

    class Meta:
        model = Deal
        fields = [
            "id", "title", "kind", "stage", "status", "value", "expected_close_date",
            "property", "buyer_contact", "buyer_relation", "seller_contact", "seller_relation",
            "commission_type", "commission_value", "commission_amount", "splits", "closed_at",
            "lost_reason", "notes", "owner", "visibility", "is_active", "office", "created_at",
            "updated_at",
        ]  # fmt: skip
        read_only_fields = ["id", "status", "closed_at", "office", "created_at", "updated_at"]

    def perform_save(self, instance: Deal | None, validated_data: dict) -> Deal:
        splits = validated_data.pop("splits", None)
        deal = instance or Deal()
        for name, value in validated_data.items():
            setattr(deal, name, value)
        split_rows = (
            None if splits is None
            else [services.SplitIn(agent=s["agent"], share=s["share"]) for s in splits]
        )  # fmt: skip
        return services.deal_save(deal=deal, actor=self.actor, splits=split_rows)


class DealMoveSerializer(serializers.Serializer):
    stage = OfficeStageField(help_text=_("One of the office's active stages."))
    lost_reason = serializers.CharField(
        max_length=255, required=False, allow_blank=True, default="",
        help_text=_("Needed when the stage is a lost one (unless the deal has a reason)."),
    )  # fmt: skip


class DealEventSerializer(serializers.ModelSerializer):
    actor_name = serializers.SerializerMethodField()

    class Meta:
        model = DealEvent
        fields = ["id", "kind", "from_text", "to_text", "actor", "actor_name", "created_at"]
        read_only_fields = fields

    def get_actor_name(self, event: DealEvent) -> str:
        return str(event.actor) if event.actor_id else ""

"""Your own categories and the office's lead sources in the API: serializers."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import serializers

from estatedesk.classification import services
from estatedesk.classification.models import Category, LeadSource
from estatedesk.core.api.base import ServiceModelSerializer


class CategorySerializer(ServiceModelSerializer):
    # DRF's metaclass takes declared fields off the class; only the stubs see a clash with
    # Field.parent (the serializer a field is bound to).
    parent = serializers.PrimaryKeyRelatedField(  # type: ignore[assignment]
        queryset=Category.objects.none(),
        required=False,
        allow_null=True,
        help_text=gettext_lazy("One of your categories, or null for the top level."),
    )

    class Meta:
        model = Category
        fields = ("id", "name", "parent", "position", "created_at", "updated_at")
        read_only_fields = ("id", "position", "created_at", "updated_at")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["parent"].queryset = Category.objects.of_user(request.user)

    def perform_save(self, instance, validated_data):
        actor = self.actor
        if instance is None:
            return services.category_create(
                actor=actor, name=validated_data["name"], parent=validated_data.get("parent")
            )
        if "name" in validated_data and validated_data["name"] != instance.name:
            instance = services.category_rename(
                category=instance, actor=actor, name=validated_data["name"]
            )
        if "parent" in validated_data and validated_data["parent"] != instance.parent:
            instance = services.category_move(
                category=instance, actor=actor, parent=validated_data["parent"]
            )
        return instance


class LeadSourceSerializer(ServiceModelSerializer):
    class Meta:
        model = LeadSource
        fields = ("id", "name", "position", "is_active", "created_at", "updated_at")
        read_only_fields = ("id", "position", "created_at", "updated_at")
        extra_kwargs = {
            "is_active": {
                "help_text": gettext_lazy(
                    "An inactive source stays on the records that have it but is no longer offered."
                )
            }
        }

    def validate_name(self, value: str) -> str:
        if not value.strip():
            raise serializers.ValidationError(_("Give the source a name."))
        return value

    def perform_save(self, instance, validated_data):
        actor = self.actor
        if instance is None:
            source = services.lead_source_create(actor=actor, name=validated_data["name"])
            if validated_data.get("is_active") is False:
                source = services.lead_source_set_active(source=source, actor=actor, active=False)
            return source
        if "name" in validated_data and validated_data["name"] != instance.name:
            instance = services.lead_source_rename(
                source=instance, actor=actor, name=validated_data["name"]
            )
        if "is_active" in validated_data and validated_data["is_active"] != instance.is_active:
            instance = services.lead_source_set_active(
                source=instance, actor=actor, active=validated_data["is_active"]
            )
        return instance

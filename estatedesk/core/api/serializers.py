"""The office's custom field definitions in the API (the definitions are core's model)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy
from rest_framework import serializers

from estatedesk.core import services
from estatedesk.core.models import CustomField, CustomFieldTarget, CustomFieldType

from .base import ServiceModelSerializer


class CustomFieldSerializer(ServiceModelSerializer):
    target = serializers.ChoiceField(choices=CustomFieldTarget.choices)
    field_type = serializers.ChoiceField(choices=CustomFieldType.choices)
    choices = serializers.ListField(
        child=serializers.CharField(max_length=200),
        required=False,
        help_text=gettext_lazy("For choice fields: the choices, in order."),
    )
    key = serializers.CharField(
        max_length=50,
        help_text=gettext_lazy(
            "Letters, digits and underscores, starting with a letter; the name of the value "
            "in a record's `custom_fields` and of its list filter `cf_<key>`."
        ),
    )

    class Meta:
        model = CustomField
        fields = ("id", "target", "key", "label", "field_type", "choices", "required",
                  "filterable", "position", "is_active", "created_at", "updated_at")  # fmt: skip
        read_only_fields = ("id", "created_at", "updated_at")
        extra_kwargs = {"position": {"required": False}}

    def perform_save(self, instance, validated_data):
        actor = self.actor
        active = validated_data.pop("is_active", None)
        if instance is None:
            field = services.custom_field_create(actor=actor, **validated_data)
        else:
            field = services.custom_field_update(field=instance, actor=actor, **validated_data)
        if active is not None and active != field.is_active:
            field = services.custom_field_set_active(field=field, actor=actor, active=active)
        return field

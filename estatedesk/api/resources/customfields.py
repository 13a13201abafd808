"""The office's custom field definitions: everyone reads them, office administrators change them."""

from __future__ import annotations

from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers

from estatedesk.core import services
from estatedesk.core.models import CustomField, CustomFieldTarget, CustomFieldType

from ..base import IsOfficeAdminOrReadOnly, OfficeViewSet, ServiceModelSerializer


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


@extend_schema_view(
    list=extend_schema(
        summary="The office's custom fields",
        description=(
            "Definitions of the fields the office added to leads, contacts and relations "
            "(inactive ones included, marked). Not paged."
        ),
    ),
    create=extend_schema(summary="Add a custom field (office administrators)"),
    update=extend_schema(summary="Change a custom field (office administrators)"),
    partial_update=extend_schema(summary="Change a custom field (office administrators)"),
)
@extend_schema(tags=["custom fields"])
class CustomFieldViewSet(OfficeViewSet):
    """Definitions are deactivated, never deleted: records keep the values they hold."""

    model = CustomField
    serializer_class = CustomFieldSerializer
    permission_classes = [IsOfficeAdminOrReadOnly]
    pagination_class = None
    http_method_names = ["get", "post", "put", "patch", "head", "options"]


def register(router) -> None:
    router.register("custom-fields", CustomFieldViewSet, basename="custom-field")

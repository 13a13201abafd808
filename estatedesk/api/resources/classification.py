"""Your own category tree, and the office's lead sources (administrators change them)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers

from estatedesk.classification import services
from estatedesk.classification.models import Category, LeadSource

from ..base import BaseApiViewSet, IsOfficeAdminOrReadOnly, OfficeViewSet, ServiceModelSerializer


class CategorySerializer(ServiceModelSerializer):
    parent = serializers.PrimaryKeyRelatedField(
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


@extend_schema_view(
    list=extend_schema(
        summary="Your category tree",
        description=(
            "All your own categories (nobody else sees them), each with its parent; in the order "
            "they are shown. Not paged."
        ),
    ),
    create=extend_schema(summary="Add a category (at the end of its level)"),
    update=extend_schema(summary="Rename or move a category"),
    partial_update=extend_schema(summary="Rename or move a category"),
    destroy=extend_schema(
        summary="Delete a category and its subcategories",
        description="The records filed in them are kept; only the filing goes.",
    ),
)
@extend_schema(tags=["categories"])
class CategoryViewSet(BaseApiViewSet):
    serializer_class = CategorySerializer
    pagination_class = None
    queryset = Category.objects.none()

    def get_queryset(self):
        return Category.objects.of_user(self.request.user).order_by("position", "name", "pk")

    def perform_destroy(self, instance) -> None:
        services.category_delete(category=instance, actor=self.request.user)


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


@extend_schema_view(
    list=extend_schema(
        summary="The office's lead sources",
        description="Everyone in the office reads them; not paged.",
    ),
    create=extend_schema(summary="Add a lead source (office administrators)"),
    update=extend_schema(summary="Rename or (de)activate a lead source (office administrators)"),
    partial_update=extend_schema(
        summary="Rename or (de)activate a lead source (office administrators)"
    ),
)
@extend_schema(tags=["lead sources"])
class LeadSourceViewSet(OfficeViewSet):
    """Sources are never deleted (records keep them): deactivate one instead."""

    model = LeadSource
    serializer_class = LeadSourceSerializer
    permission_classes = [IsOfficeAdminOrReadOnly]
    pagination_class = None
    http_method_names = ["get", "post", "put", "patch", "head", "options"]


def register(router) -> None:
    router.register("categories", CategoryViewSet, basename="category")
    router.register("lead-sources", LeadSourceViewSet, basename="lead-source")

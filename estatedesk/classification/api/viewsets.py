"""Your own category tree, and the office's lead sources (administrators change them)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, extend_schema_view

from estatedesk.classification import services
from estatedesk.classification.models import Category, LeadSource
from estatedesk.core.api.base import BaseApiViewSet, OfficeViewSet
from estatedesk.core.api.permissions import IsOfficeAdminOrReadOnly

from .serializers import CategorySerializer, LeadSourceSerializer


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

"""The office's custom field definitions: everyone reads them, office administrators change them."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, extend_schema_view

from estatedesk.core.models import CustomField

from .base import OfficeViewSet
from .permissions import IsOfficeAdminOrReadOnly
from .serializers import CustomFieldSerializer


@extend_schema_view(
    list=extend_schema(
        summary="The office's custom fields",
        description=(
            "Definitions of the fields the office added to leads, contacts and relations "
            "(inactive ones included, marked), in the order they are shown; paged like every "
            "other list (`next` / `previous` links)."
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
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

"""Owner and visibility of shared records (properties, deals) as the services allow them."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from .common import OfficeUserField, actor


class SharedRecordSerializerMixin(serializers.Serializer):
    """`owner` and `visibility` are writable only by who may set them.

    The services keep owner and visibility as they were when the actor may not change them;
    the API says so instead of ignoring the value: a new record is the actor's unless an
    office administrator names another owner, only an administrator hands a record to someone
    else, and only the owner or an administrator changes its visibility.
    """

    owner = OfficeUserField(
        required=False,
        help_text=_("Default: you. Only an office administrator may name someone else."),
    )

    def validate(self, attrs: dict) -> dict:
        attrs = super().validate(attrs)
        user = actor(self)
        record = self.instance
        errors: dict[str, list] = {}
        owner = attrs.get("owner")
        if record is None:
            if owner is not None and owner.pk != user.pk and not user.is_office_admin:
                errors["owner"] = [_("Only an office administrator can choose another owner.")]
        else:
            if owner is not None and owner.pk != record.owner_id and not user.is_office_admin:
                errors["owner"] = [_("Only an office administrator can change the owner.")]
            if (
                "visibility" in attrs
                and attrs["visibility"] != record.visibility
                and not record.can_administer(user)
            ):
                errors["visibility"] = [
                    _("Only the owner or an office administrator can change this.")
                ]
        if errors:
            raise serializers.ValidationError(errors)
        return attrs

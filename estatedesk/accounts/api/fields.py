"""Serializer fields for a user of the requesting user's office (an assignee, an owner)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from estatedesk.accounts.choices import Role
from estatedesk.accounts.models import User


class OfficeUserField(serializers.PrimaryKeyRelatedField):
    """An active administrator or agent of the requesting user's office, by id.

    Another office's user is "not found", like any id that does not exist.
    """

    def get_queryset(self):
        request = self.context.get("request")
        office_id = getattr(getattr(request, "user", None), "office_id", None)
        return User.objects.filter(
            office_id=office_id, is_active=True, role__in=(Role.ADMIN, Role.AGENT)
        )


def record_owner_field() -> OfficeUserField:
    """A shared record's `owner`; whom an actor may name is the record's save service's rule."""
    return OfficeUserField(
        required=False,
        help_text=_("Default: you. Only an office administrator may name someone else."),
    )

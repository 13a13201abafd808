"""Serializer fields any app's API uses: a related record the requesting user may see."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers


class VisibleRelatedField(serializers.PrimaryKeyRelatedField):
    """A record (property, contact, …) the requesting user may see, by id.

    What they may not see answers exactly like an id that does not exist. On an update, the
    value the record already holds is accepted too: a colleague may keep (not choose) an
    owner's personal contact on an office deal, as the services allow.
    """

    default_error_messages = {
        "does_not_exist": _("Choose one you can see: there is none with id %(pk_value)s."),
    }

    def __init__(self, model, **kwargs):
        self.model = model
        super().__init__(**kwargs)

    def get_queryset(self):
        request = self.context.get("request")
        visible = self.model.objects.visible_to(getattr(request, "user", None))
        instance = getattr(self.parent, "instance", None)
        current = getattr(instance, f"{self.source}_id", None) if instance is not None else None
        if current is None:
            return visible
        return self.model.objects.filter(Q(pk__in=visible.values("pk")) | Q(pk=current))

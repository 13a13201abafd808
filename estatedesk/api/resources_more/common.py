"""Pieces the serializers of this package share: record references, office users and rows."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from estatedesk.accounts.models import User
from estatedesk.contacts.models import Contact, Lead, Relation

RECORD_MODELS: dict[str, type] = {"lead": Lead, "contact": Contact, "relation": Relation}
RECORD_TYPES = [("lead", _("Lead")), ("contact", _("Contact")), ("relation", _("Relation"))]


def actor(serializer: serializers.Serializer) -> User:
    return serializer.context["request"].user


class OfficeUserField(serializers.PrimaryKeyRelatedField):
    """An active administrator or agent of the requesting user's office, by id.

    Another office's user is "not found", like any id that does not exist.
    """

    def get_queryset(self):
        request = self.context.get("request")
        office_id = getattr(getattr(request, "user", None), "office_id", None)
        return User.objects.filter(office_id=office_id, is_active=True, role__in=("admin", "agent"))


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


class RecordRefSerializer(serializers.Serializer):
    """One lead, contact or relation: `{"record_type": "contact", "id": 12}`."""

    record_type = serializers.ChoiceField(choices=RECORD_TYPES)
    id = serializers.IntegerField(min_value=1)
    name = serializers.CharField(read_only=True, help_text=_("How the record is shown."))

    def to_representation(self, instance):
        return {
            "record_type": RECORD_MODELS_REVERSE[type(instance)],
            "id": instance.pk,
            "name": str(instance),
        }


RECORD_MODELS_REVERSE = {model: name for name, model in RECORD_MODELS.items()}


def resolve_record(user: User, ref: dict, field: str):
    """The visible record a validated reference names, else a 400 on `field`."""
    model = RECORD_MODELS[ref["record_type"]]
    record = model.objects.visible_to(user).filter(pk=ref["id"]).first()
    if record is None:
        raise serializers.ValidationError(
            {field: [_("Choose a lead, contact or relation you can see.")]}
        )
    return record

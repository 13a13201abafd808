"""A reference to one lead, contact or relation, as other apps' endpoints take and show it."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from estatedesk.accounts.models import User
from estatedesk.contacts.models import Contact, Lead, Relation
from estatedesk.core.models import SharedRecord

RECORD_MODELS: dict[str, type[SharedRecord]] = {
    "lead": Lead,
    "contact": Contact,
    "relation": Relation,
}
RECORD_MODELS_REVERSE = {model: name for name, model in RECORD_MODELS.items()}
RECORD_TYPES = [("lead", _("Lead")), ("contact", _("Contact")), ("relation", _("Relation"))]


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


def resolve_record(user: User, ref: dict, field: str):
    """The visible record a validated reference names, else a 400 on `field`."""
    model = RECORD_MODELS[ref["record_type"]]
    record = model.objects.visible_to(user).filter(pk=ref["id"]).first()
    if record is None:
        raise serializers.ValidationError(
            {field: [_("Choose a lead, contact or relation you can see.")]}
        )
    return record

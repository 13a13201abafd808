"""Leads, contacts and relations in the API: nested phones, e-mails, categories, custom values.

Who may set a record's owner and visibility is `contacts.services.record_save`'s rule; these
serializers only translate its field-keyed errors.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from estatedesk.accounts.models import User
from estatedesk.classification.models import Category, LeadSource
from estatedesk.contacts import selectors, services
from estatedesk.contacts.choices import ContactRole, EmailLabel, PhoneLabel, PropertyType
from estatedesk.contacts.models import Contact, ContactPerson, Lead, Relation
from estatedesk.core import customfields
from estatedesk.core.api.base import ServiceModelSerializer
from estatedesk.core.api.errors import validation_error_detail
from estatedesk.core.choices import Visibility
from estatedesk.core.filtersets import is_storable_id

# --- nested and custom fields ---------------------------------------------------------------


class PhoneSerializer(serializers.Serializer):
    number = serializers.CharField(
        max_length=40, help_text=gettext_lazy("Any usual notation; stored and shown in E.164.")
    )
    # DRF's metaclass takes declared fields off the class: `label` and `source` clash with
    # Field's attributes of those names only in the stubs.
    label = serializers.ChoiceField(  # type: ignore[assignment]
        choices=PhoneLabel.choices, default=PhoneLabel.MOBILE
    )
    is_primary = serializers.BooleanField(
        default=False, help_text=gettext_lazy("Exactly one is primary: the first marked one.")
    )


class EmailSerializer(serializers.Serializer):
    email = serializers.EmailField(max_length=254)
    label = serializers.ChoiceField(  # type: ignore[assignment]  # (see PhoneSerializer)
        choices=EmailLabel.choices, default=EmailLabel.PERSONAL
    )
    is_primary = serializers.BooleanField(default=False)


@extend_schema_field({"type": "array", "items": {"type": "integer"}})
class MyCategoriesField(serializers.Field):
    """The requesting user's own categories of a record (other users' are never shown).

    Writing replaces only the requesting user's categories; colleagues' stay.
    """

    default_error_messages = {
        "not_a_list": gettext_lazy("Give a list of category ids."),
        "not_yours": gettext_lazy("Choose only your own categories: {ids} are not."),
    }

    def get_attribute(self, instance):
        return instance

    def to_representation(self, record):
        links = getattr(record, "my_category_links", None)
        if links is not None:
            return [link.category_id for link in links]
        user = self.context["request"].user
        return list(
            record.category_links.filter(category__in=Category.objects.of_user(user))
            .order_by("category__position", "category__name")
            .values_list("category_id", flat=True)
        )

    def to_internal_value(self, data):
        if not isinstance(data, list) or not all(
            isinstance(v, int) and not isinstance(v, bool) for v in data
        ):
            self.fail("not_a_list")
        user = self.context["request"].user
        wanted = set(data)
        if not all(is_storable_id(pk) for pk in wanted):
            self.fail("not_yours", ids=", ".join(str(pk) for pk in sorted(wanted)))
        own = list(Category.objects.of_user(user).filter(pk__in=wanted))
        missing = wanted - {c.pk for c in own}
        if missing:
            self.fail("not_yours", ids=", ".join(str(pk) for pk in sorted(missing)))
        return own


@extend_schema_field(
    {
        "type": "object",
        "additionalProperties": {
            "nullable": True,
            "oneOf": [{"type": "string"}, {"type": "number"}, {"type": "boolean"}],
        },
        "description": (
            "Values of the office's custom fields by key (see /api/custom-fields/): text, "
            "number, date (YYYY-MM-DD), a choice, or true/false. On PATCH, the keys given are "
            "changed and null removes one; on PUT and POST the object is the whole set."
        ),
    }
)
class CustomValuesField(serializers.Field):
    default_error_messages = {
        "not_an_object": gettext_lazy("Give an object of custom field values by key."),
        "not_a_value": gettext_lazy("Give a text, a number, true/false or null."),
    }

    def to_representation(self, value):
        return value or {}

    def to_internal_value(self, data):
        if not isinstance(data, dict):
            self.fail("not_an_object")
        bad = {
            key: [self.error_messages["not_a_value"]]
            for key, value in data.items()
            if value is not None and not isinstance(value, str | int | float | bool)
        }
        if bad:
            raise serializers.ValidationError(bad)
        return data


# --- records --------------------------------------------------------------------------------

READ_ONLY = ("id", "office", "created_at", "updated_at", "last_contacted_at")
NESTED = ("phones", "emails", "categories", "custom_fields")


class RecordSerializer(ServiceModelSerializer):
    """Fields of the web form, nested phones and e-mails, the user's categories, custom values.

    `owner` can be set only by an office administrator; `visibility` only by the record's owner
    or an office administrator. Anyone else sending a different value gets a 400.
    """

    target = ""

    phones = PhoneSerializer(many=True, required=False)
    emails = EmailSerializer(many=True, required=False)
    categories = MyCategoriesField(
        required=False,
        help_text=gettext_lazy(
            "Ids of your own categories the record is in; writing replaces only yours."
        ),
    )
    custom_fields = CustomValuesField(required=False)
    owner = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.none(),
        required=False,
        help_text=gettext_lazy(
            "The user who owns the record; only an office administrator can set or change it "
            "(others: leave it out, or send the current owner)."
        ),
    )
    visibility = serializers.ChoiceField(
        choices=Visibility.choices,
        required=False,
        help_text=gettext_lazy(
            "personal: only the owner sees it; office: the whole office. Only the owner or an "
            "office administrator can change it."
        ),
    )
    source = serializers.PrimaryKeyRelatedField(  # type: ignore[assignment]  # (see PhoneSerializer)
        queryset=LeadSource.objects.none(),
        required=False,
        allow_null=True,
        help_text=gettext_lazy("One of the office's lead sources (see /api/lead-sources/)."),
    )

    class Meta:
        read_only_fields: tuple[str, ...] = READ_ONLY

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        user = getattr(request, "user", None)
        if user is None or not getattr(user, "is_staff_member", False):
            return
        self.fields["owner"].queryset = User.objects.filter(office_id=user.office_id)
        instance = self.instance if isinstance(self.instance, self.Meta.model) else None
        self.fields["source"].queryset = LeadSource.objects.offered(
            user.office_id, instance.source_id if instance else None
        )

    def perform_save(self, instance, validated_data):
        model = self.Meta.model
        phones = validated_data.pop("phones", None)
        emails = validated_data.pop("emails", None)
        categories = validated_data.pop("categories", None)
        custom = validated_data.pop("custom_fields", None)
        record = instance if instance is not None else model()
        if custom is not None and self.partial and instance is not None:
            active = {d.key for d in customfields.definitions(instance.office_id, self.target)}
            kept = {k: v for k, v in (instance.custom_fields or {}).items() if k in active}
            custom = {k: v for k, v in {**kept, **custom}.items() if v is not None}
        for name, value in validated_data.items():
            setattr(record, name, value)
        try:
            record = services.record_save(
                record=record,
                actor=self.actor,
                phones=[services.PhoneIn(**p) for p in phones] if phones is not None else None,
                emails=[services.EmailIn(**e) for e in emails] if emails is not None else None,
                categories=categories,
                custom_fields=custom,
            )
        except DjangoValidationError as exc:
            raise serializers.ValidationError(custom_field_errors(exc)) from None
        # Read back what the service stored (normalised phones, score, search text …).
        return selectors.detail_record(model, self.actor, record.pk)


def custom_field_errors(exc: DjangoValidationError) -> dict[str, Any]:
    """Service errors, with `cf_<key>` errors moved under `custom_fields` → key."""
    detail = validation_error_detail(exc)
    custom = {
        key.removeprefix(customfields.PREFIX): messages
        for key, messages in detail.items()
        if key.startswith(customfields.PREFIX)
    }
    errors: dict[str, Any] = {
        k: v for k, v in detail.items() if not k.startswith(customfields.PREFIX)
    }
    if custom:
        errors["custom_fields"] = custom
    return errors


class LeadSerializer(RecordSerializer):
    target = "lead"
    property_types = serializers.ListField(
        child=serializers.ChoiceField(choices=PropertyType.choices), required=False
    )

    class Meta(RecordSerializer.Meta):
        model = Lead
        fields = (
            "id", "first_name", "last_name", "company", "status", "lost_reason", "source",
            "urgency", "timeframe", "move_in_date", "property_types", "locations", "budget_min",
            "budget_max", "area_min", "area_max", "bedrooms", "bathrooms", "message", "owner",
            "visibility", "is_active", "score", "score_reasons", "converted_contact",
            "converted_at", "last_contacted_at", "office", "created_at", "updated_at",
            *NESTED,
        )  # fmt: skip
        read_only_fields = (
            *READ_ONLY, "score", "score_reasons", "converted_contact", "converted_at",
        )  # fmt: skip


class ContactSerializer(RecordSerializer):
    target = "contact"

    class Meta(RecordSerializer.Meta):
        model = Contact
        fields = (
            "id", "salutation", "title", "first_name", "middle_name", "name_prefix", "last_name",
            "nickname", "gender", "date_of_birth", "place_of_birth", "nationality", "language",
            "marital_status", "occupation", "job_title", "employer", "industry", "annual_income",
            "id_document_type", "id_document_number", "id_document_expiry", "tax_number",
            "street", "address_line2", "postal_code", "city", "region", "country", "latitude",
            "longitude", "website", "linkedin", "facebook", "instagram", "preferred_channel",
            "do_not_call", "do_not_email", "do_not_sms", "marketing_consent",
            "marketing_consent_at", "marketing_consent_method", "source", "notes", "owner",
            "visibility", "is_active", "last_contacted_at", "office", "created_at", "updated_at",
            *NESTED,
        )  # fmt: skip


class RelationSerializer(RecordSerializer):
    target = "relation"

    class Meta(RecordSerializer.Meta):
        model = Relation
        fields = (
            "id", "name", "relation_type", "legal_name", "registration_number", "vat_number",
            "industry", "street", "address_line2", "postal_code", "city", "region", "country",
            "latitude", "longitude", "website", "linkedin", "facebook", "instagram", "twitter",
            "payment_terms_days", "credit_limit", "credit_terms", "commission_type",
            "commission_rate", "commission_amount", "commission_notes", "contract_reference",
            "contract_start", "contract_end", "contract_notes", "source", "notes", "owner",
            "visibility", "is_active", "office", "created_at", "updated_at", *NESTED,
        )  # fmt: skip
        read_only_fields = ("id", "office", "created_at", "updated_at")


class ConvertSerializer(serializers.Serializer):
    merge_into = serializers.PrimaryKeyRelatedField(
        queryset=Contact.objects.none(),
        required=False,
        allow_null=True,
        help_text=gettext_lazy(
            "An existing contact (you can see) to merge the lead into instead of creating one; "
            "see GET /api/leads/{id}/matches/ for the likely ones."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["merge_into"].queryset = Contact.objects.visible_to(request.user)


class ContactPersonSerializer(serializers.ModelSerializer):
    contact = serializers.PrimaryKeyRelatedField(
        queryset=Contact.objects.none(), help_text=gettext_lazy("A contact you can see.")
    )
    contact_name = serializers.CharField(source="contact.display_name", read_only=True)
    role = serializers.ChoiceField(choices=ContactRole.choices)

    class Meta:
        model = ContactPerson
        fields = ("id", "contact", "contact_name", "role", "role_note", "is_primary",
                  "created_at")  # fmt: skip
        read_only_fields = ("id", "created_at")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None and getattr(request.user, "is_staff_member", False):
            self.fields["contact"].queryset = Contact.objects.visible_to(request.user)

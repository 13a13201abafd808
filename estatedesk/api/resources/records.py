"""Leads, contacts and relations, with their phones, e-mails, categories and contact persons."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from estatedesk.accounts.models import User
from estatedesk.classification.models import Category, LeadSource
from estatedesk.contacts import selectors, services
from estatedesk.contacts.choices import ContactRole, EmailLabel, PhoneLabel, PropertyType
from estatedesk.contacts.filtersets import ContactFilterSet, LeadFilterSet, RelationFilterSet
from estatedesk.contacts.models import Contact, ContactPerson, Lead, Relation
from estatedesk.core import customfields
from estatedesk.core.choices import Visibility

from ..base import (
    RecordViewSet,
    ServiceModelSerializer,
    is_storable_id,
    validation_error_detail,
)

# --- nested and custom fields ---------------------------------------------------------------


class PhoneSerializer(serializers.Serializer):
    number = serializers.CharField(
        max_length=40, help_text=gettext_lazy("Any usual notation; stored and shown in E.164.")
    )
    label = serializers.ChoiceField(choices=PhoneLabel.choices, default=PhoneLabel.MOBILE)
    is_primary = serializers.BooleanField(
        default=False, help_text=gettext_lazy("Exactly one is primary: the first marked one.")
    )


class EmailSerializer(serializers.Serializer):
    email = serializers.EmailField(max_length=254)
    label = serializers.ChoiceField(choices=EmailLabel.choices, default=EmailLabel.PERSONAL)
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
    source = serializers.PrimaryKeyRelatedField(
        queryset=LeadSource.objects.none(),
        required=False,
        allow_null=True,
        help_text=gettext_lazy("One of the office's lead sources (see /api/lead-sources/)."),
    )

    class Meta:
        read_only_fields = READ_ONLY

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

    def validate(self, attrs):
        actor = self.actor
        instance = self.instance
        errors = {}
        owner = attrs.get("owner")
        if owner is not None:
            current = instance.owner_id if instance else actor.pk
            if owner.pk != current and not actor.is_office_admin:
                errors["owner"] = [_("Only an office administrator can choose the owner.")]
            elif not owner.is_active or not owner.is_staff_member:
                errors["owner"] = [_("Choose an active user of your office as owner.")]
        if (
            instance is not None
            and "visibility" in attrs
            and attrs["visibility"] != instance.visibility
            and not instance.can_administer(actor)
        ):
            errors["visibility"] = [
                _("Only the owner or an office administrator can change who sees this record.")
            ]
        if errors:
            raise serializers.ValidationError(errors)
        return attrs

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


def custom_field_errors(exc: DjangoValidationError) -> dict:
    """Service errors, with `cf_<key>` errors moved under `custom_fields` → key."""
    detail = validation_error_detail(exc)
    custom = {
        key.removeprefix(customfields.PREFIX): messages
        for key, messages in detail.items()
        if key.startswith(customfields.PREFIX)
    }
    detail = {k: v for k, v in detail.items() if not k.startswith(customfields.PREFIX)}
    if custom:
        detail["custom_fields"] = custom
    return detail


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


class ContactsRecordViewSet(RecordViewSet):
    """Leads, contacts and relations share their sharing rules, services and shape."""

    def optimize(self, queryset: QuerySet) -> QuerySet:
        return queryset.prefetch_related(
            "phones", "emails", selectors.my_categories_prefetch(self.model, self.request.user)
        )

    def perform_destroy(self, instance) -> None:
        services.record_delete(record=instance, actor=self.request.user)


RECORD_DOCS = {
    "list": "A page of the {plural} you can see, filtered, searched (`q`) and sorted "
    "(`ordering`) like the web list.",
    "retrieve": "One {singular} you can see (404 if it does not exist or is not yours to see).",
    "create": "Create a {singular}; you own it unless an administrator names another owner.",
    "update": "Replace a {singular}'s fields (phones, e-mails and your categories if given).",
    "partial_update": "Change some of a {singular}'s fields.",
    "destroy": "Delete a {singular} (its owner or an office administrator only).",
}


CATEGORY_PARAMETER = OpenApiParameter(
    "category",
    {"type": "array", "items": {"type": "integer"}},
    explode=True,
    description="Ids of your own categories (repeat the parameter for several); a category "
    "includes its subcategories.",
)


def record_schema(singular: str, plural: str):
    return extend_schema_view(
        **{
            name: extend_schema(
                summary=text.format(singular=singular, plural=plural).split(";")[0][:80],
                description=text.format(singular=singular, plural=plural),
                tags=[plural],
                parameters=[CATEGORY_PARAMETER] if name == "list" else None,
            )
            for name, text in RECORD_DOCS.items()
        }
    )


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


@record_schema("lead", "leads")
class LeadViewSet(ContactsRecordViewSet):
    model = Lead
    serializer_class = LeadSerializer
    filterset_class = LeadFilterSet

    @extend_schema(
        summary="Convert a qualified lead into a contact",
        description=(
            "Turns a qualified or negotiating lead into a contact (or merges it into "
            "`merge_into`), moving its names, phones, e-mails, source, categories, custom "
            "values and preferences. The lead becomes Won and links to the contact. "
            "All or nothing; answers with the contact."
        ),
        request=ConvertSerializer,
        responses={201: ContactSerializer},
        tags=["leads"],
    )
    @action(detail=True, methods=["post"])
    def convert(self, request, pk=None):
        lead = self.get_object()
        form = ConvertSerializer(data=request.data, context=self.get_serializer_context())
        form.is_valid(raise_exception=True)
        contact = services.lead_convert(
            lead=lead, actor=request.user, merge_into=form.validated_data.get("merge_into")
        )
        contact = selectors.detail_record(Contact, request.user, contact.pk)
        data = ContactSerializer(contact, context=self.get_serializer_context()).data
        return Response(data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Contacts the lead could be merged into",
        description="Visible contacts sharing an e-mail address or phone number with the lead.",
        responses={200: ContactSerializer(many=True)},
        filters=False,
        tags=["leads"],
    )
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def matches(self, request, pk=None):
        lead = self.get_object()
        contacts = services.lead_matching_contacts(lead=lead, actor=request.user)[:50]
        contacts = contacts.prefetch_related(
            selectors.my_categories_prefetch(Contact, request.user)
        )
        data = ContactSerializer(contacts, many=True, context=self.get_serializer_context()).data
        return Response(data)


@record_schema("contact", "contacts")
class ContactViewSet(ContactsRecordViewSet):
    model = Contact
    serializer_class = ContactSerializer
    filterset_class = ContactFilterSet


# --- relations and their contact persons ----------------------------------------------------


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


@record_schema("relation", "relations")
class RelationViewSet(ContactsRecordViewSet):
    model = Relation
    serializer_class = RelationSerializer
    filterset_class = RelationFilterSet

    @extend_schema(
        methods=["GET"],
        summary="A relation's contact persons",
        description="Its contact persons whose contact you can see, main contact first.",
        responses={200: ContactPersonSerializer(many=True)},
        filters=False,
        tags=["relations"],
    )
    @extend_schema(
        methods=["POST"],
        summary="Add a contact person to a relation",
        request=ContactPersonSerializer,
        responses={201: ContactPersonSerializer},
        tags=["relations"],
    )
    @action(
        detail=True,
        methods=["get", "post"],
        url_path="people",
        serializer_class=ContactPersonSerializer,
        pagination_class=None,
        filter_backends=[],
    )
    def people(self, request, pk=None):
        relation = self.get_object()
        if request.method == "GET":
            people = selectors.relation_people(relation, request.user)
            return Response(ContactPersonSerializer(people, many=True).data)
        form = ContactPersonSerializer(data=request.data, context=self.get_serializer_context())
        form.is_valid(raise_exception=True)
        data = form.validated_data
        person = services.contact_person_add(
            relation=relation,
            contact=data["contact"],
            role=data["role"],
            role_note=data.get("role_note", ""),
            is_primary=data.get("is_primary", False),
            actor=request.user,
        )
        return Response(ContactPersonSerializer(person).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Remove a contact person from a relation",
        description="The contact stays; only their role at this relation goes.",
        request=None,
        responses={204: OpenApiResponse(description="Removed.")},
        parameters=[OpenApiParameter("person_id", int, OpenApiParameter.PATH)],
        tags=["relations"],
    )
    @action(
        detail=True,
        methods=["delete"],
        url_path=r"people/(?P<person_id>[^/]+)",
        url_name="people-detail",
        pagination_class=None,
        filter_backends=[],
    )
    def remove_person(self, request, pk=None, person_id=None):
        relation = self.get_object()
        person = next(
            (
                p
                for p in selectors.relation_people(relation, request.user)
                if p.pk == int(person_id)
            ),
            None,
        )
        if person is None:
            raise Http404
        services.contact_person_remove(person=person, actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


def register(router) -> None:
    router.register("leads", LeadViewSet, basename="lead")
    router.register("contacts", ContactViewSet, basename="contact")
    router.register("relations", RelationViewSet, basename="relation")

"""Leads, contacts and relations in the API, with conversion, matches and contact persons."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.response import Response

from estatedesk.contacts import conversion, selectors, services
from estatedesk.contacts.filtersets import ContactFilterSet, LeadFilterSet, RelationFilterSet
from estatedesk.contacts.models import Contact, Lead, Relation
from estatedesk.core.api.base import RecordViewSet
from estatedesk.core.models import SharedRecord
from estatedesk.history.api import RecordChangesMixin

from .serializers import (
    ContactPersonSerializer,
    ContactSerializer,
    ConvertSerializer,
    LeadSerializer,
    RelationSerializer,
)


class ContactsRecordViewSet(RecordChangesMixin, RecordViewSet):
    """Leads, contacts and relations share their sharing rules, services and shape."""

    model: type[SharedRecord]

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
        contact = conversion.lead_convert(
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
        contacts = conversion.lead_matching_contacts(lead=lead, actor=request.user)[:50]
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

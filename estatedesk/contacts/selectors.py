"""Reads that span models: list rows with everything a row shows, detail page context."""

from django.db.models import Prefetch, QuerySet

from estatedesk.accounts.models import User
from estatedesk.classification.models import Category
from estatedesk.core import customfields

from .models import (
    Contact,
    ContactCategory,
    ContactPerson,
    Lead,
    LeadCategory,
    Relation,
    RelationCategory,
)

LINK_MODELS = {Lead: LeadCategory, Contact: ContactCategory, Relation: RelationCategory}


def my_categories_prefetch(model, user: User) -> Prefetch:
    """The user's own categories of each row, in one query for the whole page."""
    return Prefetch(
        "category_links",
        queryset=LINK_MODELS[model]
        .objects.filter(category__in=Category.objects.of_user(user))
        .select_related("category")
        .order_by("category__position", "category__name"),
        to_attr="my_category_links",
    )


def list_rows(model, user: User) -> QuerySet:
    """Visible records with owner, source, phones, e-mails and the user's categories."""
    qs = (
        model.objects.visible_to(user)
        .select_related("owner", "source")
        .prefetch_related("phones", "emails", my_categories_prefetch(model, user))
    )
    if model is Relation:
        qs = qs.prefetch_related(
            Prefetch(
                "people",
                queryset=ContactPerson.objects.filter(is_primary=True).select_related("contact"),
                to_attr="primary_people",
            )
        )
    return qs


def detail_record(model, user: User, pk: int):
    """One visible record with what its detail page shows, or None."""
    return list_rows(model, user).filter(pk=pk).first()


def custom_field_display(record, target: str) -> list[tuple]:
    return customfields.display_values(
        customfields.definitions(record.office_id, target), record.custom_fields or {}
    )


def contact_positions(contact: Contact, user: User) -> list[ContactPerson]:
    """The relations a contact works with, only those the user may see."""
    visible = Relation.objects.visible_to(user).values("pk")
    return list(
        ContactPerson.objects.filter(contact=contact, relation_id__in=visible).select_related(
            "relation"
        )
    )


def relation_people(relation: Relation, user: User) -> list[ContactPerson]:
    """A relation's contact persons, only those contacts the user may see."""
    visible = Contact.objects.visible_to(user).values("pk")
    return list(
        ContactPerson.objects.filter(relation=relation, contact_id__in=visible)
        .select_related("contact")
        .prefetch_related("contact__phones", "contact__emails")
    )

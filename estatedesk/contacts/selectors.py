"""Reads that span models: list rows with everything a row shows, detail page context."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Prefetch, QuerySet, prefetch_related_objects

from estatedesk.accounts import officecache
from estatedesk.accounts.models import User
from estatedesk.classification import cache as classification_cache
from estatedesk.core import customfields
from estatedesk.core.expressions import FirstChildValue, LinkedIds
from estatedesk.core.models import SharedRecord

from .models import Contact, ContactPerson, Lead, Relation
from .services import CHILD_MODELS, Record


def my_categories_prefetch(model: type[SharedRecord], user: User) -> Prefetch[Any]:
    """The user's own categories of each row, in one query for the whole page.

    The user's category ids go in as a list (from `officecache`): as a subquery PostgreSQL
    joined every link of those categories before picking the page's records, which grows with
    the data (docs/performance.md).
    """
    own_ids = [c.pk for c in classification_cache.categories(user)]
    return Prefetch(
        "category_links",
        queryset=CHILD_MODELS[model][2]
        .objects.filter(category_id__in=own_ids)
        .select_related("category")
        .order_by("category__position", "category__name"),
        to_attr="my_category_links",
    )


# The columns a list row shows (plus what visibility badges and links need): loading all of a
# contact's 60 columns for 25 rows costs more than the query.
LIST_COLUMNS: dict[type[SharedRecord], list[str]] = {
    Contact: ["first_name", "last_name", "name_prefix", "city", "last_contacted_at"],
    Lead: [
        "first_name",
        "last_name",
        "company",
        "status",
        "score",
        "created_at",
        "last_contacted_at",
    ],
    Relation: ["name", "relation_type", "city"],
}
COMMON_COLUMNS = ["office_id", "owner_id", "visibility", "is_active", "source_id", "sort_name"]


def list_rows(model: type[Record], user: User) -> QuerySet[Record]:
    """Visible records with the columns a list row shows; `decorate_rows` adds the rest (the
    owner's and the source's names come from `officecache`, not from joins)."""
    return model.objects.visible_to(user).only(*COMMON_COLUMNS, *LIST_COLUMNS[model])


def with_row_columns(
    model: type[SharedRecord], rows: QuerySet[Record], user: User
) -> QuerySet[Record]:
    """What a list row shows from other tables, as subqueries of the query that loads a
    page's rows (so no query of their own): its primary (else first) phone number and e-mail
    address, `primary_phone` and `primary_email`, and the ids of the user's own categories it
    is in, `my_category_ids` ("3,17"; `decorate_rows` names them). Written by
    `core.expressions`: Django's `Subquery` cost more to build than these take to run."""
    phone_model, email_model, link_model = CHILD_MODELS[model]
    own_ids = [c.pk for c in classification_cache.categories(user)]
    return rows.annotate(
        primary_phone=FirstChildValue(phone_model, "number"),
        primary_email=FirstChildValue(email_model, "email"),
        my_category_ids=LinkedIds(link_model, own_ids),
    )


def decorate_rows(model: type[SharedRecord], rows: list[Any], user: User) -> list[Any]:
    """Name each row's owner (`owner_name`), source (`source_name`) and categories (from the
    ids `with_row_columns` loaded, in the tree's order) from the office's cached lists, and,
    for relations, attach the main contact persons (one small query for the page)."""
    ids = [row.pk for row in rows]
    if not ids:
        return rows
    office = user.staff_office
    owners = officecache.user_names(office)
    if missing := {row.owner_id for row in rows} - owners.keys():  # moved to another office
        owners = {**owners, **{u.pk: str(u) for u in User.objects.filter(pk__in=missing)}}
    sources = {source.pk: source.name for source in classification_cache.lead_sources(office)}
    # The user's own categories come from `classification.cache`: no join, order known.
    own = {c.pk: c for c in classification_cache.categories(user)}
    categories: dict[int, list[str]] = {}
    for row in rows:
        found = (own.get(int(pk)) for pk in (row.my_category_ids or "").split(",") if pk)
        linked = [category for category in found if category is not None]
        if linked:
            categories[row.pk] = [
                c.name for c in sorted(linked, key=lambda c: (c.position, c.name))
            ]
    people: dict[int, list[str]] = {}
    if model is Relation:
        for relation_id, first, last in ContactPerson.objects.filter(
            relation_id__in=ids, is_primary=True
        ).values_list("relation_id", "contact__first_name", "contact__last_name"):
            people.setdefault(relation_id, []).append(f"{first} {last}".strip())
    for row in rows:
        row.owner_name = owners.get(row.owner_id, "")
        row.source_name = sources.get(row.source_id, "")
        row.my_categories = categories.get(row.pk, [])
        row.main_people = people.get(row.pk, [])
    return rows


def detail_queryset(model: type[Record], user: User) -> QuerySet[Record]:
    """Visible records with everything a detail page shows."""
    return (
        model.objects.visible_to(user)
        .select_related("owner", "source")
        .prefetch_related("phones", "emails", my_categories_prefetch(model, user))
    )


def detail_record(model: type[Record], user: User, pk: int) -> Record | None:
    """One visible record with its phones, e-mails and the user's categories, or None."""
    return detail_queryset(model, user).filter(pk=pk).first()


def page_record(model: type[Record], user: User, pk: int) -> Record | None:
    """One visible record with what every tab of its page shows (its owner and source), or
    None; each tab then loads what it shows itself (`with_contact_methods`, …)."""
    return model.objects.visible_to(user).select_related("owner", "source").filter(pk=pk).first()


CONTACT_METHODS_SHOWN = 20  # per kind on the detail page (_contact_methods.html says so too)


def with_contact_methods(record: SharedRecord) -> None:
    """Set `record.shown_phones` and `record.shown_emails`: the first of each, two queries.

    One more than the page shows, so it can tell there are more: the services stop at the
    limit (core.limits), but rows written around them must not make the page unbounded.
    """
    shown = CONTACT_METHODS_SHOWN + 1
    phones, emails = record.phones.model, record.emails.model  # type: ignore[attr-defined]
    prefetch_related_objects(
        [record],
        Prefetch("phones", queryset=phones.objects.all()[:shown], to_attr="shown_phones"),
        Prefetch("emails", queryset=emails.objects.all()[:shown], to_attr="shown_emails"),
    )


def with_my_categories(record: SharedRecord, user: User) -> None:
    """Set `record.my_category_links`: the record's links to the user's own categories."""
    prefetch_related_objects([record], my_categories_prefetch(type(record), user))


def custom_field_display(record: SharedRecord, target: str, user: User) -> list[tuple[str, Any]]:
    """The record's custom field values with their labels (definitions from `officecache`)."""
    return customfields.display_values(
        officecache.custom_fields(user.staff_office, target), record.custom_fields or {}
    )


def contact_positions(contact: Contact, user: User) -> list[ContactPerson]:
    """The relations a contact works with, only those the user may see."""
    visible = Relation.objects.visible_to(user).values("pk")
    return list(
        ContactPerson.objects.filter(contact=contact, relation_id__in=visible).select_related(
            "relation"
        )
    )


PEOPLE_PER_PAGE = 100  # a relation may have up to its limit (core.limits) of contact persons


def _relation_people(relation: Relation, user: User) -> QuerySet[ContactPerson]:
    visible = Contact.objects.visible_to(user).values("pk")
    return (
        ContactPerson.objects.filter(relation=relation, contact_id__in=visible)
        .select_related("contact")
        .prefetch_related("contact__phones", "contact__emails")
    )


def relation_people(relation: Relation, user: User) -> list[ContactPerson]:
    """A relation's contact persons, only those contacts the user may see."""
    return list(_relation_people(relation, user))


def relation_people_page(relation: Relation, user: User, page: Any = 1) -> Page[ContactPerson]:
    """One page of a relation's contact persons (main ones first): a count and three queries."""
    return Paginator(_relation_people(relation, user), PEOPLE_PER_PAGE).get_page(page)

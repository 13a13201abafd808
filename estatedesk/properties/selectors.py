"""Reads that span models: list rows, the people of a property, the properties of a person.

A link is shown only when the user may see both its ends, and every function here runs a
fixed number of queries whatever the number of rows.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet

from estatedesk.accounts.models import User
from estatedesk.contacts.models import Contact, Lead, Relation
from estatedesk.core.text import fold

from .choices import LinkRole
from .models import Project, ProjectPerson, Property, PropertyLink, PropertyPhoto

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

PICKER_LIMIT = 20
_Rows = TypeVar("_Rows", bound=QuerySet[Any])


def property_rows(user: User) -> QuerySet[Property]:
    """Visible properties with what a list row shows."""
    return Property.objects.visible_to(user).select_related("owner", "project")


def project_rows(user: User) -> QuerySet[Project]:
    return Project.objects.visible_to(user).select_related("owner", "developer")


def property_detail(user: User, pk: int) -> Property | None:
    return (
        Property.objects.visible_to(user)
        .select_related("owner", "project", "office")
        .filter(pk=pk)
        .first()
    )


def property_photos(prop: Property) -> list[PropertyPhoto]:
    return list(PropertyPhoto.objects.filter(property=prop))


def search_words(queryset: _Rows, text: str) -> _Rows:
    """Every folded word of `text` in the row's search text (properties and projects)."""
    for word in fold(text).split():
        queryset = queryset.filter(search_text__contains=word)
    return queryset


def visible_links(user: User) -> QuerySet[PropertyLink]:
    """Links whose property and whose person (contact, relation or lead) the user may see."""
    return PropertyLink.objects.filter(
        property_id__in=Property.objects.visible_to(user).values("pk")
    ).filter(
        Q(contact_id__in=Contact.objects.visible_to(user).values("pk"))
        | Q(relation_id__in=Relation.objects.visible_to(user).values("pk"))
        | Q(lead_id__in=Lead.objects.visible_to(user).values("pk"))
    )


PEOPLE_PER_PAGE = 100  # a property may have up to the links limit (core.limits): 500 by default


def property_people_page(prop: Property, user: User, page: Any = 1) -> Page[PropertyLink]:
    """One page of the people linked to a property, in the order they were linked."""
    links = (
        visible_links(user)
        .filter(property=prop)
        .select_related("contact", "relation", "lead")
        .order_by("pk")
    )
    return Paginator(links, PEOPLE_PER_PAGE).get_page(page)


def property_people(
    prop: Property, user: User, page: Page[PropertyLink] | None = None
) -> list[tuple[str, StrOrPromise, list[PropertyLink]]]:
    """The people linked to a property (those of `page` when given), grouped by role in the
    roles' order: [(role, label, links)], only roles with links."""
    if page is None:
        page = property_people_page(prop, user)
    by_role: dict[str, list[PropertyLink]] = {}
    for link in page.object_list:
        by_role.setdefault(link.role, []).append(link)
    return [(role, label, by_role[role]) for role, label in LinkRole.choices if role in by_role]


def person_links(record: Contact | Relation | Lead, user: User) -> list[PropertyLink]:
    """A contact's, relation's or lead's links to properties the user may see."""
    field = {Contact: "contact", Relation: "relation", Lead: "lead"}[type(record)]
    return list(
        visible_links(user)
        .filter(**{field: record})
        .select_related("property")
        .order_by("property__sort_name", "property_id", "role")
    )


def developed_projects(relation: Relation, user: User) -> list[Project]:
    return list(Project.objects.visible_to(user).filter(developer=relation).order_by("sort_name"))


def project_detail(user: User, pk: int) -> Project | None:
    return (
        Project.objects.visible_to(user)
        .select_related("owner", "developer", "office")
        .filter(pk=pk)
        .first()
    )


def project_units(project: Project, user: User) -> list[Property]:
    return list(Property.objects.visible_to(user).filter(project=project).select_related("owner"))


PROJECT_PEOPLE_PER_PAGE = 100  # a project may have up to its limit (core.limits) of people


def project_people(project: Project, user: User, page: Any = 1) -> Page[ProjectPerson]:
    """One page of the people on a project (by role), only contacts the user may see."""
    people = ProjectPerson.objects.filter(
        project=project, contact_id__in=Contact.objects.visible_to(user).values("pk")
    ).select_related("contact")
    return Paginator(people, PROJECT_PEOPLE_PER_PAGE).get_page(page)


def property_options(user: User, text: str = "") -> list[Property]:
    """What the search-as-you-type property picker offers: visible properties only."""
    rows = search_words(Property.objects.visible_to(user), text)
    return list(rows.order_by("sort_name", "pk")[:PICKER_LIMIT])


def person_options(user: User, text: str = "") -> tuple[list[Contact], list[Relation]]:
    """What the contact/relation picker offers: visible contacts and relations only."""
    contacts = Contact.objects.visible_to(user)
    relations = Relation.objects.visible_to(user)
    if text.strip():
        contacts = contacts.search(text, office_id=user.office_id)
        relations = relations.search(text, office_id=user.office_id)
    half = PICKER_LIMIT // 2
    contact_columns = ("first_name", "last_name", "middle_name", "name_prefix", "city")
    return (
        list(contacts.only(*contact_columns).order_by("sort_name", "pk")[:half]),
        list(relations.only("name", "city").order_by("sort_name", "pk")[:half]),
    )

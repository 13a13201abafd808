"""Reads for the Related contacts tab and its contact picker."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet
from django.urls import reverse

from estatedesk.accounts.models import User
from estatedesk.contacts.models import Contact
from estatedesk.core.http import StaffRequest

from .forms import ContactLinkForm
from .models import ContactLink

PICKER_LIMIT = 10
RELATED_PER_PAGE = 100  # a contact may have up to the links limit (core.limits): 500 by default
CONTACT_COLUMNS = ("first_name", "middle_name", "name_prefix", "last_name", "city")


@dataclass(frozen=True)
class RelatedContact:
    link: ContactLink
    label: str
    contact: Contact


def related_links(contact: Contact, user: User) -> QuerySet[ContactLink]:
    """A contact's links in both directions, only where the other contact is visible."""
    visible = Contact.objects.visible_to(user).values("pk")
    return (
        ContactLink.objects.filter(office_id=contact.office_id)
        .filter(
            Q(from_contact=contact, to_contact_id__in=visible)
            | Q(to_contact=contact, from_contact_id__in=visible)
        )
        .select_related("from_contact", "to_contact")
        .only(
            "kind",
            "note",
            "from_contact_id",
            "to_contact_id",
            *(
                f"{side}__{column}"
                for side in ("from_contact", "to_contact")
                for column in CONTACT_COLUMNS
            ),
        )
        .order_by("kind", "pk")
    )


def related_contacts(contact: Contact, user: User, page: Any = 1) -> Page[RelatedContact]:
    """One page of the contact's related contacts: a count and one query."""
    paged = Paginator(related_links(contact, user), RELATED_PER_PAGE).get_page(page)
    rows = [
        RelatedContact(link, link.label_for(contact.pk), link.other(contact.pk))
        for link in paged.object_list
    ]
    return Page(rows, paged.number, paged.paginator)  # type: ignore[arg-type]


def picker_contacts(user: User, query: str, *, exclude: int | None = None) -> QuerySet[Contact]:
    """Contacts the user may see that match what they typed, at most ten."""
    query = query.strip()
    if len(query) < 2:
        return Contact.objects.none()
    contacts = Contact.objects.visible_to(user).search(query, office_id=user.office_id)
    if exclude is not None:
        contacts = contacts.exclude(pk=exclude)
    return contacts.only(*CONTACT_COLUMNS, "sort_name").order_by("sort_name", "pk")[:PICKER_LIMIT]


def related_tab(request: StaffRequest, record: Contact) -> dict[str, Any]:
    """Context of the Related contacts tab (registered in `apps.ContactLinksConfig.ready`)."""
    return {
        "related_contacts": related_contacts(record, request.user, request.GET.get("page")),
        "contact_link_form": ContactLinkForm(),
        "contact_link_add_url": reverse("contactlinks:add", args=[record.pk]),
        "contact_picker_url": reverse("contactlinks:picker", args=[record.pk]),
    }

"""Add and remove links from a contact's Related contacts tab, and the contact picker."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views import View

from estatedesk.contacts.models import Contact
from estatedesk.core.html import error_sentence, sentence
from estatedesk.core.http import StaffRequest
from estatedesk.core.views import RecordObjectMixin

from . import selectors, services
from .choices import RELATIONSHIP_LINKS
from .forms import ContactLinkForm
from .models import ContactLink


def _tab_url(contact: Contact) -> str:
    return f"{contact.get_absolute_url()}?tab=related"


class ContactLinkAddView(RecordObjectMixin, View):
    model = Contact

    def post(self, request: StaffRequest, pk: int) -> HttpResponse:
        contact = self.get_object()
        form = ContactLinkForm(request.POST)
        if not form.is_valid():
            messages.error(
                request, " ".join(str(e) for errors in form.errors.values() for e in errors)
            )
            return redirect(_tab_url(contact))
        kind, page_contact_is_target = RELATIONSHIP_LINKS[form.cleaned_data["relationship"]]
        other = (
            Contact.objects.visible_to(request.user).filter(pk=form.cleaned_data["to_contact"])
        ).first()
        try:
            if other is None:
                raise ValidationError({"to_contact": _("Choose a contact you can see.")})
            from_contact, to_contact = (
                (other, contact) if page_contact_is_target else (contact, other)
            )
            services.contact_link_add(
                from_contact=from_contact,
                to_contact=to_contact,
                kind=kind,
                note=form.cleaned_data["note"],
                actor=request.user,
            )
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as exc:
            messages.error(request, error_sentence(exc))
        else:
            messages.success(request, sentence(_("%(name)s is now linked."), name=other))
        return redirect(_tab_url(contact))


class ContactLinkRemoveView(RecordObjectMixin, View):
    model = Contact

    def post(self, request: StaffRequest, pk: int, link_pk: int) -> HttpResponse:
        contact = self.get_object()
        link = get_object_or_404(
            ContactLink.objects.filter(Q(from_contact=contact) | Q(to_contact=contact)),
            pk=link_pk,
        )
        try:
            services.contact_link_remove(link=link, actor=request.user)
        except PermissionDenied:
            raise Http404 from None
        messages.success(request, _("The link was removed."))
        return redirect(_tab_url(contact))


class ContactPickerView(RecordObjectMixin, View):
    """htmx: visible contacts matching what was typed, as choices for the add form."""

    model = Contact

    def get(self, request: StaffRequest, pk: int) -> HttpResponse:
        contact = self.get_object()
        query = request.GET.get("q", "")
        return TemplateResponse(
            request,
            "contactlinks/partials/_picker_results.html",
            {
                "query": query.strip(),
                "candidates": list(
                    selectors.picker_contacts(request.user, query, exclude=contact.pk)
                ),
            },
        )

"""Links between people and properties, a project's people, and the pickers that choose them."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from estatedesk.contacts.models import Contact, Lead, Relation
from estatedesk.core.http import StaffRequest
from estatedesk.core.permissions import StaffRequiredMixin
from estatedesk.core.views import RecordObjectMixin

from . import selectors, services
from .forms import PersonLinkForm, ProjectPersonForm, PropertyLinkForm
from .models import Project, ProjectPerson, Property
from .views import form_errors, validation_message

LINK_KINDS = {Contact: "contact", Relation: "relation", Lead: "lead"}


def record_properties_tab(request: StaffRequest, record) -> dict:
    """The "Properties" tab of a contact, relation or lead (registered in `apps.py`)."""
    user = request.user
    kind = LINK_KINDS[type(record)]
    context = {
        "property_links": selectors.person_links(record, user),
        "property_link_form": PropertyLinkForm(actor=user),
        "property_options": selectors.property_options(user),
        "property_link_add_url": reverse(f"properties:{kind}_link_add", args=[record.pk]),
        "currency": user.staff_office.currency,
    }
    if isinstance(record, Relation):
        context["developed_projects"] = selectors.developed_projects(record, user)
    return context


# --- pickers (search as you type) ----------------------------------------------------------------


class PropertyPickerView(StaffRequiredMixin, View):
    """`<option>`s of the properties the user may see that match `q`."""

    def get(self, request: StaffRequest) -> HttpResponse:
        options = selectors.property_options(request.user, request.GET.get("q", ""))
        return TemplateResponse(
            request, "properties/partials/_property_options.html", {"property_options": options}
        )


class PersonPickerView(StaffRequiredMixin, View):
    """`<option>`s of the contacts (and relations, unless `kinds=contact`) the user may see."""

    def get(self, request: StaffRequest) -> HttpResponse:
        contacts, relations = selectors.person_options(request.user, request.GET.get("q", ""))
        contacts_only = request.GET.get("kinds") == "contact"
        return TemplateResponse(
            request,
            "properties/partials/_person_options.html",
            {"person_options": (contacts, [] if contacts_only else relations),
             "contacts_only": contacts_only},
        )  # fmt: skip


# --- links between people and properties ---------------------------------------------------------

LINK_LABELS = {
    "property": gettext_lazy("Property"),
    "contact": gettext_lazy("Contact"),
    "relation": gettext_lazy("Relation"),
    "lead": gettext_lazy("Lead"),
    "person": gettext_lazy("Contact or relation"),
    "role": gettext_lazy("Role"),
    "start_date": gettext_lazy("From"),
    "end_date": gettext_lazy("Until"),
    "note": gettext_lazy("Note"),
}


def _add_link(request: StaffRequest, form, **fixed) -> None:
    if not form.is_valid():
        messages.error(request, form_errors(form))
        return
    data = form.link_kwargs() if hasattr(form, "link_kwargs") else dict(form.cleaned_data)
    data.update(fixed)
    try:
        services.property_link_add(actor=request.user, **data)
    except ValidationError as exc:
        messages.error(request, validation_message(exc, LINK_LABELS))
    else:
        messages.success(request, _("Link added."))


class PropertyLinkAddView(RecordObjectMixin, View):
    """POST from a property's People tab: link a contact or relation."""

    model = Property

    def post(self, request: StaffRequest, pk: int) -> HttpResponse:
        prop = self.get_object()
        _add_link(request, PersonLinkForm(request.POST, actor=request.user), property=prop)
        return redirect(f"{prop.get_absolute_url()}?tab=people")


class PersonLinkAddView(RecordObjectMixin, View):
    """POST from a contact's, relation's or lead's Properties tab: link a property."""

    def post(self, request: StaffRequest, pk: int) -> HttpResponse:
        record = self.get_object()
        kind = LINK_KINDS[self.model]
        _add_link(request, PropertyLinkForm(request.POST, actor=request.user), **{kind: record})
        return redirect(f"{record.get_absolute_url()}?tab=properties")


class PropertyLinkRemoveView(StaffRequiredMixin, View):
    """POST: remove a link whose both ends the user may see (else 404)."""

    def post(self, request: StaffRequest, link_pk: int) -> HttpResponse:
        link = get_object_or_404(selectors.visible_links(request.user), pk=link_pk)
        services.property_link_remove(link=link, actor=request.user)
        messages.success(request, _("Link removed."))
        target = request.POST.get("next", "")
        if not url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            target = reverse("properties:property_detail", args=[link.property_id]) + "?tab=people"
        return redirect(target)


# --- project people ------------------------------------------------------------------------------


class ProjectPersonAddView(RecordObjectMixin, View):
    model = Project

    def post(self, request: StaffRequest, pk: int) -> HttpResponse:
        project = self.get_object()
        form = ProjectPersonForm(request.POST, actor=request.user)
        if not form.is_valid():
            messages.error(request, form_errors(form))
        else:
            try:
                services.project_person_add(
                    project=project, actor=request.user, **form.cleaned_data
                )
            except ValidationError as exc:
                messages.error(request, validation_message(exc, LINK_LABELS))
            else:
                messages.success(request, _("Person added."))
        return redirect(f"{project.get_absolute_url()}?tab=people")


class ProjectPersonRemoveView(StaffRequiredMixin, View):
    def post(self, request: StaffRequest, pk: int, person_pk: int) -> HttpResponse:
        project = get_object_or_404(Project.objects.visible_to(request.user), pk=pk)
        person = get_object_or_404(
            ProjectPerson.objects.filter(
                contact_id__in=Contact.objects.visible_to(request.user).values("pk")
            ),
            pk=person_pk,
            project=project,
        )
        services.project_person_remove(person=person, actor=request.user)
        messages.success(request, _("Person removed."))
        return redirect(f"{project.get_absolute_url()}?tab=people")

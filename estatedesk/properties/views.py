"""Lists, detail pages, forms, photos, pickers and links for properties and projects."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from estatedesk.contacts.models import Contact, Lead, Relation
from estatedesk.core.choices import Visibility
from estatedesk.core.permissions import StaffRequiredMixin
from estatedesk.core.views import (
    RecordDeleteView,
    RecordEditView,
    RecordListView,
    RecordObjectMixin,
    TabbedDetailView,
)

from . import selectors, services
from .filtersets import ProjectFilterSet, PropertyFilterSet
from .forms import (
    PersonLinkForm,
    PhotoForm,
    ProjectForm,
    ProjectPersonForm,
    PropertyForm,
    PropertyLinkForm,
)
from .models import Project, ProjectPerson, Property, PropertyPhoto, private_storage

NAV = {Property: "properties", Project: "projects"}


def form_errors(form) -> str:
    """A form's errors as one message line, each with its field's label."""
    parts = []
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        parts.append(f"{label}: {' '.join(errors)}" if label else " ".join(errors))
    return " ".join(parts)


def validation_message(exc: ValidationError, labels: dict[str, str]) -> str:
    if not hasattr(exc, "error_dict"):
        return " ".join(exc.messages)
    return " ".join(
        f"{labels.get(field, field)}: {' '.join(errors)}"
        for field, errors in exc.message_dict.items()
    )


# --- lists ---------------------------------------------------------------------------------------


class PropertyListView(RecordListView):
    model = Property
    nav = "properties"
    filterset_class = PropertyFilterSet
    template_name = "properties/property_list.html"
    partial_template_name = "properties/partials/_property_table.html"

    def get_queryset(self):
        return selectors.property_rows(self.request.user)


class ProjectListView(RecordListView):
    model = Project
    nav = "projects"
    filterset_class = ProjectFilterSet
    template_name = "properties/project_list.html"
    partial_template_name = "properties/partials/_project_table.html"

    def get_queryset(self):
        return selectors.project_rows(self.request.user)


# --- detail pages --------------------------------------------------------------------------------


class PropertyDetailView(TabbedDetailView):
    model = Property
    nav = "properties"
    tabs = [("details", gettext_lazy("Details")), ("people", gettext_lazy("People"))]
    template_name = "properties/property_detail.html"
    tab_template_pattern = "properties/partials/_property_tab_{tab}.html"

    def get_object(self):
        record = selectors.property_detail(self.request.user, self.kwargs["pk"])
        if record is None:
            raise Http404
        return record

    def get_context(self, record, tab: str) -> dict:
        user = self.request.user
        context = super().get_context(record, tab)
        context.update(can_administer=record.can_administer(user), currency=record.office.currency)
        if tab == "details":
            context.update(
                photos=selectors.property_photos(record),
                photo_form=PhotoForm(),
                photo_max_mb=settings.PHOTO_MAX_MB,
            )
        if tab == "people":
            context.update(
                people_by_role=selectors.property_people(record, user),
                link_form=PersonLinkForm(actor=user),
                person_options=selectors.person_options(user),
            )
        return context


class ProjectDetailView(TabbedDetailView):
    model = Project
    nav = "projects"
    tabs = [("details", gettext_lazy("Details")), ("units", gettext_lazy("Units")),
            ("people", gettext_lazy("People"))]  # fmt: skip
    template_name = "properties/project_detail.html"
    tab_template_pattern = "properties/partials/_project_tab_{tab}.html"

    def get_object(self):
        record = selectors.project_detail(self.request.user, self.kwargs["pk"])
        if record is None:
            raise Http404
        return record

    def get_context(self, record, tab: str) -> dict:
        user = self.request.user
        context = super().get_context(record, tab)
        context.update(can_administer=record.can_administer(user), currency=record.office.currency)
        if tab == "units":
            context["units"] = selectors.project_units(record, user)
        if tab == "people":
            context.update(
                people=selectors.project_people(record, user),
                person_form=ProjectPersonForm(actor=user),
                person_options=selectors.person_options(user),
            )
        return context


LINK_KINDS = {Contact: "contact", Relation: "relation", Lead: "lead"}


def record_properties_tab(request: HttpRequest, record) -> dict:
    """The "Properties" tab of a contact, relation or lead (registered in `apps.py`)."""
    user = request.user
    kind = LINK_KINDS[type(record)]
    context = {
        "property_links": selectors.person_links(record, user),
        "property_link_form": PropertyLinkForm(actor=user),
        "property_options": selectors.property_options(user),
        "property_link_add_url": reverse(f"properties:{kind}_link_add", args=[record.pk]),
        "currency": user.office.currency,
    }
    if isinstance(record, Relation):
        context["developed_projects"] = selectors.developed_projects(record, user)
    return context


# --- create, edit, delete, share -----------------------------------------------------------------


class PropertyEditView(RecordEditView):
    model = Property
    nav = "properties"
    form_class = PropertyForm
    has_contact_details = False

    def cancel_url(self):
        return reverse("properties:property_list")

    def get_instance(self):
        instance = super().get_instance()
        # "New property" on a project's Units tab starts the property in that project.
        project_id = self.request.GET.get("project", "")
        if instance.pk is None and project_id.isdigit():
            visible = Project.objects.visible_to(self.request.user)
            instance.project = visible.filter(pk=int(project_id)).first()
        return instance

    def save_record(self, form, formsets):
        return services.property_save(record=form.instance, actor=self.request.user)


class ProjectEditView(RecordEditView):
    model = Project
    nav = "projects"
    form_class = ProjectForm
    has_contact_details = False

    def cancel_url(self):
        return reverse("properties:project_list")

    def save_record(self, form, formsets):
        return services.project_save(record=form.instance, actor=self.request.user)


class SharedDeleteView(RecordDeleteView):
    template_name = "properties/record_confirm_delete.html"

    def delete_record(self, record):
        services.record_delete(record=record, actor=self.request.user)


class PropertyDeleteView(SharedDeleteView):
    model = Property
    nav = "properties"
    success_url_name = "properties:property_list"


class ProjectDeleteView(SharedDeleteView):
    model = Project
    nav = "projects"
    success_url_name = "properties:project_list"


class ShareView(RecordObjectMixin, View):
    """POST: the owner shares a personal property or project with the office, or back."""

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        record = self.get_object()
        visibility = request.POST.get("visibility", Visibility.OFFICE)
        try:
            services.record_share(record=record, actor=request.user, visibility=visibility)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            if visibility == Visibility.OFFICE:
                messages.success(request, _("Shared with the office."))
            else:
                messages.success(request, _("Now personal: only the owner sees it."))
        return redirect(record.get_absolute_url())


# --- photos --------------------------------------------------------------------------------------


class PhotoUploadView(RecordObjectMixin, View):
    model = Property

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        prop = self.get_object()
        form = PhotoForm(request.POST, request.FILES)
        if not form.is_valid():
            messages.error(request, form_errors(form))
        else:
            try:
                services.photo_add(
                    property=prop,
                    actor=request.user,
                    upload=form.cleaned_data["image"],
                    caption=form.cleaned_data["caption"],
                )
            except ValidationError as exc:
                messages.error(request, validation_message(exc, {"image": _("Photo")}))
            else:
                messages.success(request, _("Photo added."))
        return redirect(prop.get_absolute_url())


class PhotoMixin(StaffRequiredMixin):
    def get_photo(self) -> PropertyPhoto:
        """Through the property's visibility: a photo of a property the user may not see is
        a 404, like the property itself."""
        prop = get_object_or_404(
            Property.objects.visible_to(self.request.user), pk=self.kwargs["pk"]
        )
        return get_object_or_404(PropertyPhoto, pk=self.kwargs["photo_pk"], property=prop)


class PhotoFileView(PhotoMixin, View):
    """Streams a photo or its thumbnail from the private storage; there is no public URL."""

    thumbnail = False

    def get(self, request: HttpRequest, pk: int, photo_pk: int) -> HttpResponse:
        photo = self.get_photo()
        file = photo.thumbnail if self.thumbnail else photo.image
        try:
            handle = private_storage().open(file.name, "rb")
        except FileNotFoundError:
            raise Http404 from None
        response = FileResponse(
            handle, content_type="image/jpeg" if self.thumbnail else photo.content_type
        )
        response["Cache-Control"] = "private, max-age=3600"
        response["X-Content-Type-Options"] = "nosniff"
        return response


class PhotoDeleteView(PhotoMixin, View):
    def post(self, request: HttpRequest, pk: int, photo_pk: int) -> HttpResponse:
        photo = self.get_photo()
        services.photo_delete(photo=photo, actor=request.user)
        messages.success(request, _("Photo deleted."))
        return redirect(reverse("properties:property_detail", args=[pk]))


class PhotoMoveView(PhotoMixin, View):
    def post(self, request: HttpRequest, pk: int, photo_pk: int) -> HttpResponse:
        photo = self.get_photo()
        step = -1 if request.POST.get("direction") == "up" else 1
        services.photo_move(photo=photo, actor=request.user, step=step)
        return redirect(reverse("properties:property_detail", args=[pk]))


# --- pickers (search as you type) ----------------------------------------------------------------


class PropertyPickerView(StaffRequiredMixin, View):
    """`<option>`s of the properties the user may see that match `q`."""

    def get(self, request: HttpRequest) -> HttpResponse:
        options = selectors.property_options(request.user, request.GET.get("q", ""))
        return TemplateResponse(
            request, "properties/partials/_property_options.html", {"property_options": options}
        )


class PersonPickerView(StaffRequiredMixin, View):
    """`<option>`s of the contacts (and relations, unless `kinds=contact`) the user may see."""

    def get(self, request: HttpRequest) -> HttpResponse:
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


def _add_link(request: HttpRequest, form, **fixed) -> None:
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

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        prop = self.get_object()
        _add_link(request, PersonLinkForm(request.POST, actor=request.user), property=prop)
        return redirect(f"{prop.get_absolute_url()}?tab=people")


class PersonLinkAddView(RecordObjectMixin, View):
    """POST from a contact's, relation's or lead's Properties tab: link a property."""

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        record = self.get_object()
        kind = LINK_KINDS[self.model]
        _add_link(request, PropertyLinkForm(request.POST, actor=request.user), **{kind: record})
        return redirect(f"{record.get_absolute_url()}?tab=properties")


class PropertyLinkRemoveView(StaffRequiredMixin, View):
    """POST: remove a link whose both ends the user may see (else 404)."""

    def post(self, request: HttpRequest, link_pk: int) -> HttpResponse:
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

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
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
    def post(self, request: HttpRequest, pk: int, person_pk: int) -> HttpResponse:
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

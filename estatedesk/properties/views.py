"""Lists, detail pages and forms of properties and projects (photos and links: own modules)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from estatedesk.core.choices import Visibility
from estatedesk.core.html import error_sentence
from estatedesk.core.http import StaffRequest
from estatedesk.core.views import (
    RecordDeleteView,
    RecordEditView,
    RecordListView,
    RecordObjectMixin,
    TabbedDetailView,
)

from . import selectors, services
from .filtersets import ProjectFilterSet, PropertyFilterSet
from .forms import PersonLinkForm, PhotoForm, ProjectForm, ProjectPersonForm, PropertyForm
from .models import Project, Property

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

NAV = {Property: "properties", Project: "projects"}


def form_errors(form) -> str:
    """A form's errors as one message line, each with its field's label."""
    parts = []
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        parts.append(f"{label}: {' '.join(errors)}" if label else " ".join(errors))
    return " ".join(parts)


def validation_message(exc: ValidationError, labels: Mapping[str, StrOrPromise]) -> str:
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
            page = selectors.property_people_page(record, user, self.request.GET.get("page"))
            context.update(
                people_page=page,
                people_by_role=selectors.property_people(record, user, page),
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
                people=selectors.project_people(record, user, self.request.GET.get("page")),
                person_form=ProjectPersonForm(actor=user),
                person_options=selectors.person_options(user),
            )
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

    def post(self, request: StaffRequest, pk: int) -> HttpResponse:
        record = self.get_object()
        visibility = request.POST.get("visibility", Visibility.OFFICE)
        try:
            services.record_share(record=record, actor=request.user, visibility=visibility)
        except ValidationError as exc:
            messages.error(request, error_sentence(exc))
        else:
            if visibility == Visibility.OFFICE:
                messages.success(request, _("Shared with the office."))
            else:
                messages.success(request, _("Now personal: only the owner sees it."))
        return redirect(record.get_absolute_url())

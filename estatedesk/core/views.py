"""Generic list, detail, edit and delete views for shared records, with htmx partials."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views import View

from . import versions
from .html import sentence
from .http import StaffRequest
from .pagination import count_page, paginate
from .permissions import StaffRequiredMixin
from .tabs import registered_tabs


def querystring_without(request: HttpRequest, *keys: str) -> str:
    params = request.GET.copy()
    for key in keys:
        params.pop(key, None)
    return params.urlencode()


class RecordListView(StaffRequiredMixin, View):
    """A filtered, sorted, paginated list; an htmx request gets only the table fragment."""

    model: Any = None
    filterset_class: Any = None
    template_name = ""
    partial_template_name = ""
    # True for the tables that grow to millions of rows: the page is sent without its count,
    # which the page then loads with `?count=1` (see core.pagination).
    lazy_count = False

    def get_queryset(self):
        return self.model.objects.visible_to(self.request.user)

    def load_rows(self, rows):
        """Add to the query that loads a page's rows by id (subqueries run for those rows)."""
        return rows

    def decorate_rows(self, rows: list) -> None:
        """Attach what the rows show from other tables (one query per kind, not per row)."""

    def get(self, request: StaffRequest) -> HttpResponse:
        filterset = self.filterset_class(request.GET, self.get_queryset(), request=request)
        rows = filterset.qs if filterset.is_valid() else self.model.objects.none()
        try:
            per_page = int(request.GET.get("per_page", settings.LIST_PAGE_SIZE))
        except ValueError:
            per_page = settings.LIST_PAGE_SIZE
        per_page = per_page if per_page in settings.LIST_PAGE_SIZES else settings.LIST_PAGE_SIZE
        if request.GET.get("count") == "1":
            page = count_page(rows, request.GET.get("page"), per_page)
            return TemplateResponse(request, "core/partials/_result_count.html", {"page": page})
        page = paginate(
            rows,
            request.GET.get("page"),
            per_page,
            count=not self.lazy_count,
            load=self.load_rows,
        )
        self.decorate_rows(page.object_list)
        context = {
            "nav": self.nav,
            "filter": filterset,
            "page": page,
            "rows": page.object_list,
            "per_page": per_page,
            "page_sizes": settings.LIST_PAGE_SIZES,
            "query_without_page": querystring_without(request, "page", "count"),
            "query_without_ordering": querystring_without(request, "page", "ordering", "count"),
            "ordering": request.GET.get("ordering", ""),
        }
        table_only = request.htmx and request.htmx.target == "record-table"
        template = self.partial_template_name if table_only else self.template_name
        return TemplateResponse(request, template, context)


class RecordObjectMixin(StaffRequiredMixin):
    model: Any = None

    def get_object(self):
        """Through `visible_to`: what the user may not see does not exist for them."""
        return get_object_or_404(
            self.model.objects.visible_to(self.request.user), pk=self.kwargs["pk"]
        )


class TabbedDetailView(RecordObjectMixin, View):
    """A record's page with tabs: its own (`tabs`), then those other apps registered.

    `?tab=key` picks the tab; an htmx request aimed at `#tab-panel` gets only the tab's
    fragment. Own tabs render `tab_template_pattern.format(tab=key)`; registered tabs render
    their template with the context their function returns (see `core.tabs`).
    """

    tabs: list[tuple[str, Any]] = []
    template_name = ""
    tab_template_pattern = ""

    def all_tabs(self) -> list[tuple[str, Any]]:
        extra = [(tab.key, tab.label) for tab in registered_tabs(self.model)]
        return [*self.tabs, *extra]

    def tab_template(self, tab: str) -> str:
        registered = {t.key: t for t in registered_tabs(self.model)}
        if tab in registered:
            return registered[tab].template
        return self.tab_template_pattern.format(tab=tab)

    def get_context(self, record, tab: str) -> dict:
        """The context of the page; subclasses add what their own tabs need."""
        return {
            "nav": self.nav,
            "object": record,
            "tab": tab,
            "tabs": self.all_tabs(),
            "tab_template": self.tab_template(tab),
            "model_name": self.model._meta.model_name,
        }

    def get_page_template(self, record) -> str:
        return self.template_name

    def get(self, request: StaffRequest, **kwargs) -> HttpResponse:
        record = self.get_object()
        tabs = self.all_tabs()
        tab = request.GET.get("tab", tabs[0][0] if tabs else "")
        if tab not in dict(tabs):
            tab = tabs[0][0]
        context = self.get_context(record, tab)
        for registered in registered_tabs(self.model):
            if registered.key == tab and registered.context is not None:
                context.update(registered.context(request, record))
        if request.htmx and request.htmx.target == "tab-panel":
            return TemplateResponse(request, context["tab_template"], context)
        return TemplateResponse(request, self.get_page_template(record), context)


def apply_validation_error(form, exc: ValidationError, formsets: dict | None = None) -> None:
    """Put a service's ValidationError on the form fields (or formsets) it names."""
    formsets = formsets or {}
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for field, errors in exc.message_dict.items():
        if field in formsets:
            formsets[field]._non_form_errors = formsets[field].error_class(errors)
        elif field in form.fields:
            form.add_error(field, errors)
        else:
            form.add_error(None, errors if field == NON_FIELD_ERRORS else
                           [f"{field}: {e}" for e in errors])  # fmt: skip


class RecordEditView(RecordObjectMixin, View):
    """Create (no pk) or edit a record, with the formsets of its rows (`build_formsets`)."""

    form_class: Any = None
    template_name = "core/record_form.html"

    def get_instance(self):
        if "pk" in self.kwargs:
            return self.get_object()
        return self.model()

    def build(self, instance, data=None):
        form = self.form_class(data, instance=instance, actor=self.request.user)
        return form, self.build_formsets(instance, data)

    def build_formsets(self, instance, data=None) -> dict:
        """{key: formset} of the rows edited with the record (a contact's phones), each under
        the key a service's ValidationError names it by; none by default."""
        return {}

    def render(self, form, formsets, instance, status=200, conflict=None):
        context = {
            "nav": self.nav,
            "form": form,
            "formsets": formsets,
            "object": instance,
            "model_name": self.model._meta.verbose_name,
            "cancel_url": instance.get_absolute_url() if instance.pk else self.cancel_url(),
            "conflict": conflict,
        }
        if instance.pk:
            context.update(self.version_context(form, formsets, instance))
        return TemplateResponse(self.request, self.template_name, context, status=status)

    # --- versions: a save based on a stale form is refused (see core.versions) --------------

    # {formset key: label} for the conflict message ("Phone numbers"); the key otherwise.
    formset_labels: dict[str, Any] = {}

    def version_context(self, form, formsets, instance) -> dict:
        """The version and snapshot the form carries: those it was loaded with while the user
        corrects it, else the record's own."""
        if form.is_bound and form.data.get(versions.VERSION_FIELD):
            return {
                "version": form.data[versions.VERSION_FIELD],
                "version_base": form.data.get(versions.BASE_FIELD, ""),
            }
        if form.is_bound:  # a post without a version: snapshot the stored record afresh
            instance = self.get_object()
            form, formsets = self.build(instance)
        return {
            "version": versions.version_of(instance),
            "version_base": versions.sign_values(versions.form_values(form, formsets)),
        }

    def check_version(self, instance, form, formsets) -> None:
        """Inside the save's transaction, with the row locked: raise StaleEdit when someone
        saved the record since the form was loaded and changed a field it shows.

        A form without a version (a client older than versions) is not checked. A newer
        version whose editable values are all as the form showed them (a colleague logged a
        call, which only touches `last_contacted_at`) is no conflict.
        """
        submitted = self.request.POST.get(versions.VERSION_FIELD)
        if not submitted:
            return
        current = versions.locked_version(self.model, instance.pk)
        if current is None:
            raise Http404
        if current == submitted:
            return
        stored = self.get_object()
        fresh_form, fresh_formsets = self.build(stored)
        base = versions.unsign_values(self.request.POST.get(versions.BASE_FIELD))
        changes = versions.changed_fields(
            base, versions.form_values(fresh_form, fresh_formsets), form, formsets,
            labels=self.formset_labels,
        )  # fmt: skip
        if not changes:  # nothing the form shows moved on: applying it loses nothing
            return
        raise versions.StaleEdit(version=current, changes=changes, record=stored)

    def render_stale(self, stale: versions.StaleEdit) -> HttpResponse:
        """The form again, now based on the stored version: the user's input where they changed
        a field, the other person's value where only they did. Saving it again applies the
        user's changes over the other person's."""
        fresh_form, fresh_formsets = self.build(stale.record)
        data = versions.merged_data(
            self.request.POST.copy(), stale.changes, fresh_form, fresh_formsets
        )
        data[versions.VERSION_FIELD] = stale.version
        data[versions.BASE_FIELD] = versions.sign_values(
            versions.form_values(fresh_form, fresh_formsets)
        )
        form, formsets = self.build(stale.record, data)
        form.is_valid()
        for formset in formsets.values():
            formset.is_valid()
        return self.render(form, formsets, stale.record, status=409, conflict=stale.changes)

    def cancel_url(self) -> str:
        raise NotImplementedError

    def save_record(self, form, formsets):
        """Call the service that saves the record; returns it or raises ValidationError."""
        raise NotImplementedError

    def get(self, request: StaffRequest, **kwargs) -> HttpResponse:
        instance = self.get_instance()
        form, formsets = self.build(instance)
        return self.render(form, formsets, instance)

    def post(self, request: StaffRequest, **kwargs) -> HttpResponse:
        instance = self.get_instance()
        creating = instance.pk is None
        form, formsets = self.build(instance, request.POST)
        # Validate every formset (no short-circuit) so that all errors show at once.
        formsets_valid = [fs.is_valid() for fs in formsets.values()]
        valid = form.is_valid() and all(formsets_valid)
        if valid:
            try:
                with transaction.atomic():
                    if not creating:
                        self.check_version(instance, form, formsets)
                    record = self.save_record(form, formsets)
            except versions.StaleEdit as stale:
                return self.render_stale(stale)
            except ValidationError as exc:
                apply_validation_error(form, exc, formsets)
            else:
                messages.success(
                    request,
                    sentence(
                        _("%(name)s was created.") if creating else _("%(name)s was saved."),
                        name=record,
                    ),
                )
                return redirect(record.get_absolute_url())
        if creating:
            form.instance.pk = None
        return self.render(form, formsets, instance, status=422)


# --- versions for plain (non-model) edit forms: activities, tasks ---------------------------


def edit_version_context(request: HttpRequest, record, unbound_form) -> dict:
    """The version fields a plain edit form carries: those posted while the user corrects it,
    else the record's own with a snapshot of what `unbound_form` shows."""
    if request.method == "POST" and request.POST.get(versions.VERSION_FIELD):
        return {
            "version": request.POST[versions.VERSION_FIELD],
            "version_base": request.POST.get(versions.BASE_FIELD, ""),
        }
    return {
        "version": versions.version_of(record),
        "version_base": versions.sign_values(versions.form_values(unbound_form)),
    }


def check_edit_version(request: HttpRequest, record, form, load_fresh) -> None:
    """In the save's transaction: raise StaleEdit if `record` was saved since the form was
    loaded and a value the form shows changed (as RecordEditView.check_version).
    `load_fresh()` returns the stored record and an unbound form for it."""
    submitted = request.POST.get(versions.VERSION_FIELD)
    if not submitted:
        return
    current = versions.locked_version(type(record), record.pk)
    if current is None:
        raise Http404
    if current == submitted:
        return
    stored, fresh_form = load_fresh()
    base = versions.unsign_values(request.POST.get(versions.BASE_FIELD))
    changes = versions.changed_fields(base, versions.form_values(fresh_form), form)
    if not changes:
        return
    raise versions.StaleEdit(version=current, changes=changes, record=stored)


def stale_form_data(request: HttpRequest, stale: versions.StaleEdit, fresh_form) -> Any:
    """The user's post, now based on the stored version, with the other person's value in
    the fields the user left as they were (to re-show after a StaleEdit)."""
    data = versions.merged_data(request.POST.copy(), stale.changes, fresh_form)
    data[versions.VERSION_FIELD] = stale.version
    data[versions.BASE_FIELD] = versions.sign_values(versions.form_values(fresh_form))
    return data


class RecordDeleteView(RecordObjectMixin, View):
    template_name = "core/record_confirm_delete.html"
    success_url_name = ""

    def delete_record(self, record) -> None:
        raise NotImplementedError

    def get(self, request: StaffRequest, pk: int) -> HttpResponse:
        record = self.get_object()
        if not record.can_administer(request.user):
            raise PermissionDenied
        return TemplateResponse(
            request, self.template_name, {"object": record, "nav": self.nav,
                                          "model_name": self.model._meta.verbose_name}
        )  # fmt: skip

    def post(self, request: StaffRequest, pk: int) -> HttpResponse:
        record = self.get_object()
        name = str(record)
        self.delete_record(record)
        messages.success(request, sentence(_("%(name)s was deleted."), name=name))
        return redirect(self.success_url_name)

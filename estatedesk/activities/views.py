"""Timelines, quick logging and activities (thin); tasks and the rest are in `task_views`."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from estatedesk.contacts.models import Contact, Lead, Relation
from estatedesk.core.http import StaffRequest
from estatedesk.core.permissions import StaffRequiredMixin
from estatedesk.core.versions import StaleEdit
from estatedesk.core.views import (
    apply_validation_error,
    check_edit_version,
    edit_version_context,
    stale_form_data,
)

from . import icalendar_feed, selectors, services
from .choices import ActivityType
from .forms import ActivityForm, QuickLogForm, quick_log_form
from .models import Activity

SEARCH_LIMIT = 8


def history_url(record) -> str:
    return f"{record.get_absolute_url()}?tab=history"


class RecordMixin(StaffRequiredMixin):
    """A view about one lead, contact or relation: what the user may not see is a 404."""

    def get_record(self):
        record = selectors.visible_record(self.kwargs["kind"], self.kwargs["pk"], self.request.user)
        if record is None:
            raise Http404
        return record


def history_context(request: StaffRequest, record, *, quick_kind: str = "") -> dict:
    """The History tab's context (as its template tag builds it), for the views here."""
    user = request.user
    return {
        **selectors.timeline_context(
            record, user, kind=request.GET.get("type", ""), cursor=request.GET.get("cursor", "")
        ),
        "quick_form": quick_log_form(user, quick_kind or request.GET.get("log", "")),
    }


class TimelineView(RecordMixin, View):
    """GET: the timeline (filtered by type), or with `cursor` the next page of items."""

    def get(self, request: StaffRequest, kind: str, pk: int) -> HttpResponse:
        record = self.get_record()
        context = history_context(request, record)
        template = (
            "activities/partials/_timeline_items.html"
            if request.GET.get("cursor")
            else "activities/partials/_timeline.html"
        )
        return TemplateResponse(request, template, context)


class QuickLogView(RecordMixin, View):
    """GET: the quick form for a type (from a click-to-contact link); POST: log it."""

    template_name = "activities/partials/_quick_log.html"

    def get(self, request: StaffRequest, kind: str, pk: int) -> HttpResponse:
        record = self.get_record()
        return TemplateResponse(
            request, self.template_name,
            history_context(request, record, quick_kind=request.GET.get("type", "")),
        )  # fmt: skip

    def post(self, request: StaffRequest, kind: str, pk: int) -> HttpResponse:
        record = self.get_record()
        user = request.user
        form = QuickLogForm(request.POST, actor=user)
        activity = None
        if form.is_valid():
            data = form.cleaned_data
            try:
                activity = services.activity_log(
                    actor=user, records=[record], kind=data["kind"],
                    direction=data["direction"], body=data["body"],
                    duration_minutes=data["duration_minutes"], outcome=data["outcome"],
                    occurred_at=data["occurred_at"],
                )  # fmt: skip
            except ValidationError as exc:
                apply_validation_error(form, exc)
        if not request.htmx:
            if activity is None:
                messages.error(request, " ".join(_errors(form)))
            else:
                messages.success(request, _("Logged."))
            return redirect(history_url(record))
        context = history_context(request, record)
        if activity is None:
            context["quick_form"] = form
        else:
            record.refresh_from_db(fields=_last_contacted_fields(record))
            context["new_activity"] = selectors.activities_with_details(user).get(pk=activity.pk)
        return TemplateResponse(request, self.template_name, context)


def _last_contacted_fields(record) -> list[str]:
    return ["last_contacted_at"] if isinstance(record, Lead | Contact) else []


def _errors(form) -> list[str]:
    return [str(e) for errors in form.errors.values() for e in errors]


class RecordSearchView(StaffRequiredMixin, View):
    """GET ?q=: visible leads, contacts and relations to involve in an activity, as checkboxes."""

    def get(self, request: StaffRequest) -> HttpResponse:
        q = request.GET.get("q", "").strip()
        results = []
        if len(q) >= 2:
            for kind, model in selectors.RECORD_MODELS.items():
                for record in model.objects.visible_to(request.user).search(q)[:SEARCH_LIMIT]:
                    results.append((f"{kind}:{record.pk}", record, model._meta.verbose_name))
        return TemplateResponse(
            request, "activities/partials/_record_choices.html", {"results": results, "q": q}
        )


def parse_also(values: list[str], user) -> list:
    """ "contact:12"-style choices → the records, each one the user may see (else a 404)."""
    records = []
    for value in values:
        kind, _sep, pk = value.partition(":")
        if not pk.isdigit():
            raise Http404
        record = selectors.visible_record(kind, int(pk), user)
        if record is None:
            raise Http404
        records.append(record)
    return records


class ActivityCreateView(RecordMixin, View):
    """The full form: any type, with start, end and place, and more records involved."""

    template_name = "activities/activity_form.html"

    def render(self, form, record, status=200, activity=None):
        return TemplateResponse(
            self.request, self.template_name,
            {"form": form, "record": record, "activity": activity,
             "nav": nav_for(record), "cancel_url": history_url(record) if record else ""},
            status=status,
        )  # fmt: skip

    def get(self, request: StaffRequest, kind: str, pk: int) -> HttpResponse:
        record = self.get_record()
        initial = {}
        if request.GET.get("type") in ActivityType.values:
            initial["kind"] = request.GET["type"]
        return self.render(ActivityForm(actor=request.user, initial=initial), record)

    def post(self, request: StaffRequest, kind: str, pk: int) -> HttpResponse:
        record = self.get_record()
        also = parse_also(request.POST.getlist("also"), request.user)
        form = ActivityForm(request.POST, actor=request.user)
        if form.is_valid():
            try:
                services.activity_log(actor=request.user, records=[record, *also],
                                      **form.cleaned_data)  # fmt: skip
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(request, _("Logged."))
                return redirect(history_url(record))
        return self.render(form, record, status=422)


def nav_for(record) -> str:
    return {Lead: "leads", Contact: "contacts", Relation: "relations"}.get(type(record), "")


class ActivityObjectMixin(StaffRequiredMixin):
    def get_activity(self) -> Activity:
        activity = (
            selectors.activities_with_details(self.request.user)
            .filter(pk=self.kwargs["pk"])
            .first()
        )
        if activity is None:
            raise Http404
        return activity


class ActivityDetailView(ActivityObjectMixin, View):
    def get(self, request: StaffRequest, pk: int) -> HttpResponse:
        activity = self.get_activity()
        user = request.user
        return TemplateResponse(request, "activities/activity_detail.html", {
            "activity": activity,
            "can_edit": activity.logged_by_id == user.pk or user.is_office_admin,
        })  # fmt: skip


class ActivityEditView(ActivityObjectMixin, View):
    template_name = "activities/activity_form.html"

    def check(self, activity):
        user = self.request.user
        if activity.logged_by_id != user.pk and not user.is_office_admin:
            raise PermissionDenied

    def render(self, form, activity, status=200, conflict=None):
        return TemplateResponse(self.request, self.template_name, {
            "form": form, "activity": activity, "record": None,
            "cancel_url": activity.get_absolute_url(), "conflict": conflict,
            **edit_version_context(self.request, activity, self.unbound_form(activity)),
        }, status=status)  # fmt: skip

    def unbound_form(self, activity) -> ActivityForm:
        initial = {name: getattr(activity, name) for name in services.ACTIVITY_FIELDS}
        return ActivityForm(actor=self.request.user, initial=initial)

    def load_fresh(self):
        activity = self.get_activity()
        return activity, self.unbound_form(activity)

    def get(self, request: StaffRequest, pk: int) -> HttpResponse:
        activity = self.get_activity()
        self.check(activity)
        return self.render(self.unbound_form(activity), activity)

    def post(self, request: StaffRequest, pk: int) -> HttpResponse:
        activity = self.get_activity()
        self.check(activity)
        form = ActivityForm(request.POST, actor=request.user)
        if form.is_valid():
            try:
                with transaction.atomic():
                    check_edit_version(request, activity, form, self.load_fresh)
                    services.activity_update(activity=activity, actor=request.user,
                                             **form.cleaned_data)  # fmt: skip
            except StaleEdit as stale:
                data = stale_form_data(request, stale, self.unbound_form(stale.record))
                form = ActivityForm(data, actor=request.user)
                form.is_valid()
                request.POST = data  # the re-shown form carries the new version
                return self.render(form, stale.record, status=409, conflict=stale.changes)
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(request, _("Saved."))
                return redirect(activity.get_absolute_url())
        return self.render(form, activity, status=422)


class ActivityDeleteView(ActivityObjectMixin, View):
    def post(self, request: StaffRequest, pk: int) -> HttpResponse:
        activity = self.get_activity()
        back = next((link.record for link in activity.visible_links), None)
        services.activity_delete(activity=activity, actor=request.user)
        messages.success(request, _("The activity was deleted."))
        return redirect(history_url(back) if back else reverse("activities:my_tasks"))


class ActivityIcsView(ActivityObjectMixin, View):
    """Download one meeting or appointment as an .ics file."""

    def get(self, request: StaffRequest, pk: int) -> HttpResponse:
        activity = self.get_activity()
        if not activity.is_scheduled:
            raise Http404
        body = icalendar_feed.single_appointment(activity, request.user.staff_office.timezone)
        response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="appointment-{activity.pk}.ics"'
        return response

"""Timelines, quick logging, activities, tasks, notifications and the calendar feed (thin)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from estatedesk.contacts.models import Contact, Lead, Relation
from estatedesk.core.views import StaffRequiredMixin, apply_validation_error

from . import icalendar_feed, selectors, services
from .choices import ActivityType
from .forms import ActivityForm, QuickLogForm, TaskForm
from .models import Activity, Notification, Task

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


def timeline_context(request: HttpRequest, record, *, quick_kind: str = "") -> dict:
    """What the History tab shows; shared by the tab (template tag) and the views here."""
    user = request.user
    page = selectors.timeline(
        record, user, kind=request.GET.get("type", ""), cursor=request.GET.get("cursor", "")
    )
    quick_kind = quick_kind or request.GET.get("log", "")
    initial = {"kind": quick_kind} if quick_kind in ActivityType.values else {}
    return {
        "record": record,
        "record_kind": selectors.record_kind(record),
        "page": page,
        "quick_form": QuickLogForm(actor=user, initial=initial),
        "record_tasks": selectors.record_tasks(record, user),
    }


class TimelineView(RecordMixin, View):
    """GET: the timeline (filtered by type), or with `cursor` the next page of items."""

    def get(self, request: HttpRequest, kind: str, pk: int) -> HttpResponse:
        record = self.get_record()
        context = timeline_context(request, record)
        template = (
            "activities/partials/_timeline_items.html"
            if request.GET.get("cursor")
            else "activities/partials/_timeline.html"
        )
        return TemplateResponse(request, template, context)


class QuickLogView(RecordMixin, View):
    """GET: the quick form for a type (from a click-to-contact link); POST: log it."""

    template_name = "activities/partials/_quick_log.html"

    def get(self, request: HttpRequest, kind: str, pk: int) -> HttpResponse:
        record = self.get_record()
        return TemplateResponse(
            request, self.template_name,
            timeline_context(request, record, quick_kind=request.GET.get("type", "")),
        )  # fmt: skip

    def post(self, request: HttpRequest, kind: str, pk: int) -> HttpResponse:
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
        context = timeline_context(request, record)
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

    def get(self, request: HttpRequest) -> HttpResponse:
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
             "nav": _nav(record), "cancel_url": history_url(record) if record else ""},
            status=status,
        )  # fmt: skip

    def get(self, request: HttpRequest, kind: str, pk: int) -> HttpResponse:
        record = self.get_record()
        initial = {}
        if request.GET.get("type") in ActivityType.values:
            initial["kind"] = request.GET["type"]
        return self.render(ActivityForm(actor=request.user, initial=initial), record)

    def post(self, request: HttpRequest, kind: str, pk: int) -> HttpResponse:
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


def _nav(record) -> str:
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
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
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

    def render(self, form, activity, status=200):
        return TemplateResponse(self.request, self.template_name, {
            "form": form, "activity": activity, "record": None,
            "cancel_url": activity.get_absolute_url(),
        }, status=status)  # fmt: skip

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        activity = self.get_activity()
        self.check(activity)
        initial = {name: getattr(activity, name) for name in services.ACTIVITY_FIELDS}
        return self.render(ActivityForm(actor=request.user, initial=initial), activity)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        activity = self.get_activity()
        self.check(activity)
        form = ActivityForm(request.POST, actor=request.user)
        if form.is_valid():
            try:
                services.activity_update(activity=activity, actor=request.user,
                                         **form.cleaned_data)  # fmt: skip
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(request, _("Saved."))
                return redirect(activity.get_absolute_url())
        return self.render(form, activity, status=422)


class ActivityDeleteView(ActivityObjectMixin, View):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        activity = self.get_activity()
        back = next((link.record for link in activity.visible_links), None)
        services.activity_delete(activity=activity, actor=request.user)
        messages.success(request, _("The activity was deleted."))
        return redirect(history_url(back) if back else reverse("activities:my_tasks"))


class ActivityIcsView(ActivityObjectMixin, View):
    """Download one meeting or appointment as an .ics file."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        activity = self.get_activity()
        if not activity.is_scheduled:
            raise Http404
        body = icalendar_feed.single_appointment(activity, request.user.office.timezone)
        response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="appointment-{activity.pk}.ics"'
        return response


# --- tasks ------------------------------------------------------------------------------------


class NavBadgesView(StaffRequiredMixin, View):
    """The navigation bar's open-task and unread counts, fetched by htmx after the page loads
    (and every minute), so no page waits for them."""

    def get(self, request):
        return TemplateResponse(
            request,
            "activities/partials/_nav_badges.html",
            {"nav_counts": selectors.nav_counts(request.user)},
        )


class MyTasksView(StaffRequiredMixin, View):
    def get(self, request: HttpRequest) -> HttpResponse:
        return TemplateResponse(request, "activities/my_tasks.html", {
            "nav": "tasks",
            "tasks": selectors.my_tasks(request.user),
            "notifications": selectors.notifications(request.user),
        })  # fmt: skip


def _task_values(form) -> dict:
    return {name: form.cleaned_data[name] for name in services.TASK_FIELDS}


class TaskCreateView(RecordMixin, View):
    template_name = "activities/task_form.html"

    def render(self, form, record, status=200):
        return TemplateResponse(self.request, self.template_name, {
            "form": form, "record": record, "task": None, "nav": _nav(record),
            "cancel_url": history_url(record),
        }, status=status)  # fmt: skip

    def get(self, request: HttpRequest, kind: str, pk: int) -> HttpResponse:
        return self.render(TaskForm(actor=request.user), self.get_record())

    def post(self, request: HttpRequest, kind: str, pk: int) -> HttpResponse:
        record = self.get_record()
        form = TaskForm(request.POST, actor=request.user)
        if form.is_valid():
            try:
                services.task_create(actor=request.user, record=record, **_task_values(form))
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(request, _("Task added."))
                return redirect(history_url(record))
        return self.render(form, record, status=422)


class TaskObjectMixin(StaffRequiredMixin):
    def get_task(self) -> Task:
        task = selectors.tasks_with_records(self.request.user).filter(pk=self.kwargs["pk"]).first()
        if task is None:
            raise Http404
        return task


class TaskEditView(TaskObjectMixin, View):
    template_name = "activities/task_form.html"

    def render(self, form, task, status=200):
        return TemplateResponse(self.request, self.template_name, {
            "form": form, "record": task.record, "task": task, "nav": "tasks",
            "cancel_url": reverse("activities:my_tasks"),
        }, status=status)  # fmt: skip

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        task = self.get_task()
        reminder = getattr(task, "reminder", None)
        initial = {
            "title": task.title, "notes": task.notes, "due_at": task.due_at,
            "assignee": task.assignee_id, "priority": task.priority,
            "remind_at": reminder.remind_at if reminder else None,
        }  # fmt: skip
        return self.render(TaskForm(actor=request.user, initial=initial), task)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        task = self.get_task()
        form = TaskForm(request.POST, actor=request.user)
        if form.is_valid():
            try:
                services.task_update(task=task, actor=request.user, **_task_values(form))
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(request, _("Task saved."))
                return redirect(request.POST.get("next") or reverse("activities:my_tasks"))
        return self.render(form, task, status=422)


class TaskDoneView(TaskObjectMixin, View):
    """POST done=1/0: tick off or reopen; an htmx request gets the task's row back."""

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        task = self.get_task()
        done = request.POST.get("done", "1") == "1"
        task = services.task_set_done(task=task, actor=request.user, done=done)
        if request.htmx:
            task = selectors.tasks_with_records(request.user).get(pk=task.pk)
            return TemplateResponse(
                request, "activities/partials/_task_row.html",
                {"task": task, "show_record": request.POST.get("show_record") == "1"},
            )  # fmt: skip
        return redirect(request.POST.get("next") or reverse("activities:my_tasks"))


class TaskDeleteView(TaskObjectMixin, View):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        task = self.get_task()
        try:
            services.task_delete(task=task, actor=request.user)
        except PermissionDenied as exc:
            messages.error(request, " ".join(str(a) for a in exc.args) or _("Not allowed."))
        else:
            messages.success(request, _("The task was deleted."))
        return redirect(reverse("activities:my_tasks"))


# --- notifications ------------------------------------------------------------------------------


class NotificationReadView(StaffRequiredMixin, View):
    def post(self, request: HttpRequest, pk: int | None = None) -> HttpResponse:
        if pk is None:
            services.notifications_mark_all_read(actor=request.user)
        else:
            notification = Notification.objects.filter(
                pk=pk, user=request.user, office_id=request.user.office_id
            ).first()
            if notification is None:
                raise Http404
            services.notification_mark_read(notification_id=pk, actor=request.user)
            if request.POST.get("open") and notification.url.startswith("/"):
                return redirect(notification.url)
        if request.htmx:
            return HttpResponse("")
        return redirect(reverse("activities:my_tasks"))


# --- calendar feed ------------------------------------------------------------------------------


class CalendarSettingsView(StaffRequiredMixin, View):
    """The user's private feed address: made or remade (shown once), or switched off."""

    template_name = "activities/calendar_settings.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        return TemplateResponse(request, self.template_name, {
            "nav": "calendar",
            "has_feed": hasattr(request.user, "calendar_feed"),
        })  # fmt: skip

    def post(self, request: HttpRequest) -> HttpResponse:
        if request.POST.get("action") == "revoke":
            services.calendar_feed_revoke(actor=request.user)
            messages.success(request, _("Your calendar address no longer works."))
            return redirect(reverse("activities:calendar_settings"))
        token = services.calendar_feed_regenerate(actor=request.user)
        feed_url = request.build_absolute_uri(reverse("activities:calendar_feed", args=[token]))
        return TemplateResponse(request, self.template_name, {
            "nav": "calendar", "has_feed": True, "feed_url": feed_url,
        })  # fmt: skip


class CalendarFeedView(View):
    """The iCalendar feed itself: no login (calendar programs have none), only the token."""

    def get(self, request: HttpRequest, token: str) -> HttpResponse:
        user = selectors.feed_user(token)
        if user is None:
            raise Http404
        body = icalendar_feed.feed(
            name=_("EstateDesk – %(name)s") % {"name": user.full_name or user.email},
            tz_name=user.office.timezone,
            tasks=selectors.calendar_tasks(user),
            appointments=selectors.calendar_appointments(user),
        )
        response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
        response["Cache-Control"] = "private, max-age=300"
        response["Content-Disposition"] = 'inline; filename="estatedesk.ics"'
        return response

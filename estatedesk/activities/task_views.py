"""Tasks, notifications, the navigation counts and the calendar feed (thin)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

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
from .forms import TaskForm
from .models import Notification, Task
from .views import RecordMixin, history_url, nav_for

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
    def get(self, request: StaffRequest) -> HttpResponse:
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
            "form": form, "record": record, "task": None, "nav": nav_for(record),
            "cancel_url": history_url(record),
        }, status=status)  # fmt: skip

    def get(self, request: StaffRequest, kind: str, pk: int) -> HttpResponse:
        return self.render(TaskForm(actor=request.user), self.get_record())

    def post(self, request: StaffRequest, kind: str, pk: int) -> HttpResponse:
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

    def render(self, form, task, status=200, conflict=None):
        return TemplateResponse(self.request, self.template_name, {
            "form": form, "record": task.record, "task": task, "nav": "tasks",
            "cancel_url": reverse("activities:my_tasks"), "conflict": conflict,
            **edit_version_context(self.request, task, self.unbound_form(task)),
        }, status=status)  # fmt: skip

    def unbound_form(self, task) -> TaskForm:
        reminder = getattr(task, "reminder", None)
        initial = {
            "title": task.title, "notes": task.notes, "due_at": task.due_at,
            "assignee": task.assignee_id, "priority": task.priority,
            "remind_at": reminder.remind_at if reminder else None,
        }  # fmt: skip
        return TaskForm(actor=self.request.user, initial=initial)

    def load_fresh(self):
        task = self.get_task()
        return task, self.unbound_form(task)

    def get(self, request: StaffRequest, pk: int) -> HttpResponse:
        task = self.get_task()
        return self.render(self.unbound_form(task), task)

    def post(self, request: StaffRequest, pk: int) -> HttpResponse:
        task = self.get_task()
        form = TaskForm(request.POST, actor=request.user)
        if form.is_valid():
            try:
                with transaction.atomic():
                    check_edit_version(request, task, form, self.load_fresh)
                    services.task_update(task=task, actor=request.user, **_task_values(form))
            except StaleEdit as stale:
                data = stale_form_data(request, stale, self.unbound_form(stale.record))
                form = TaskForm(data, actor=request.user)
                form.is_valid()
                request.POST = data  # the re-shown form carries the new version
                return self.render(form, stale.record, status=409, conflict=stale.changes)
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(request, _("Task saved."))
                return redirect(request.POST.get("next") or reverse("activities:my_tasks"))
        return self.render(form, task, status=422)


class TaskDoneView(TaskObjectMixin, View):
    """POST done=1/0: tick off or reopen; an htmx request gets the task's row back."""

    def post(self, request: StaffRequest, pk: int) -> HttpResponse:
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
    def post(self, request: StaffRequest, pk: int) -> HttpResponse:
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
    def post(self, request: StaffRequest, pk: int | None = None) -> HttpResponse:
        if pk is None:
            services.notifications_mark_all_read(actor=request.user)
        else:
            notification = Notification.objects.filter(
                pk=pk, user=request.user, office_id=self.office_id
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

    def get(self, request: StaffRequest) -> HttpResponse:
        return TemplateResponse(request, self.template_name, {
            "nav": "calendar",
            "has_feed": hasattr(request.user, "calendar_feed"),
        })  # fmt: skip

    def post(self, request: StaffRequest) -> HttpResponse:
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
            tz_name=user.staff_office.timezone,
            tasks=selectors.calendar_tasks(user),
            appointments=selectors.calendar_appointments(user),
        )
        response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
        response["Cache-Control"] = "private, max-age=300"
        response["Content-Disposition"] = 'inline; filename="estatedesk.ics"'
        return response

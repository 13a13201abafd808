"""What agents do with viewing requests: the open requests, a contact's Viewings tab, and
confirming a time, proposing another or cancelling (each through the viewings services)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from estatedesk.contacts.models import Contact
from estatedesk.core.http import StaffRequest
from estatedesk.core.permissions import StaffRequiredMixin

from ..forms_viewings import CancelForm, ConfirmForm, ProposeForm, ZonedForm
from ..models import ViewingRequest
from ..selectors import viewings as selectors
from ..services import viewings as services

TAB_TEMPLATE = "portal/staff/_contact_viewings.html"


def contact_viewings_tab(request: StaffRequest, record: Contact) -> dict[str, Any]:
    """The context of a contact's Viewings tab: its viewing requests, newest first."""
    return {
        "viewings": list(selectors.staff_viewings(request.user, contact=record)),
        "office_tz": request.user.staff_office.timezone,
        "next_url": f"{record.get_absolute_url()}?tab=viewings",
    }


def register_tabs() -> None:
    """Called from `PortalConfig.ready()`."""
    from estatedesk.core.tabs import register_tab

    register_tab("contacts.contact", "viewings", gettext_lazy("Viewings"), TAB_TEMPLATE,
                 context=contact_viewings_tab, order=65)  # fmt: skip


class StaffViewingListView(StaffRequiredMixin):
    """The requests waiting for an answer (to confirm, or a proposal the client has not
    answered yet), soonest first."""

    nav = "tasks"

    def get(self, request: StaffRequest) -> HttpResponse:
        return TemplateResponse(request, "portal/staff/viewing_list.html", {
            "nav": self.nav,
            "viewings": list(selectors.open_viewings(request.user)),
            "office_tz": request.user.staff_office.timezone,
            "next_url": request.path,
        })  # fmt: skip


class StaffViewingActionView(StaffRequiredMixin):
    form_class: type[Any] = CancelForm

    def act(self, request: StaffRequest, viewing: ViewingRequest, form: Any) -> str:
        raise NotImplementedError

    def post(self, request: StaffRequest, pk: int) -> HttpResponse:
        viewing = selectors.staff_viewings(request.user).filter(pk=pk).first()
        if viewing is None:
            raise Http404
        kwargs = (
            {"tz_name": request.user.staff_office.timezone}
            if issubclass(self.form_class, ZonedForm)
            else {}
        )
        form = self.form_class(request.POST, **kwargs)
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
        else:
            try:
                messages.success(request, self.act(request, viewing, form))
            except ValidationError as exc:
                for message in exc.messages:
                    messages.error(request, message)
        target = request.POST.get("next", "")
        if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
            target = ""
        return redirect(target or "portal_staff:viewing_list")


class StaffViewingConfirmView(StaffViewingActionView):
    form_class = ConfirmForm

    def act(self, request: StaffRequest, viewing: ViewingRequest, form: Any) -> str:
        slots = viewing.slots
        index = form.cleaned_data["slot"]
        if index > len(slots):
            raise ValidationError({"slot": _("Choose one of the times the client proposed.")})
        services.viewing_confirm(viewing=viewing, actor=request.user, starts_at=slots[index - 1])
        return _("Viewing confirmed: it is in your calendar and the client was told.")


class StaffViewingProposeView(StaffViewingActionView):
    form_class = ProposeForm

    def act(self, request: StaffRequest, viewing: ViewingRequest, form: Any) -> str:
        services.viewing_propose(
            viewing=viewing, actor=request.user, starts_at=form.cleaned_data["starts_at"]
        )
        return _("The other time was proposed to the client.")


class StaffViewingCancelView(StaffViewingActionView):
    form_class = CancelForm

    def act(self, request: StaffRequest, viewing: ViewingRequest, form: Any) -> str:
        services.viewing_cancel_by_agent(
            viewing=viewing, actor=request.user, reason=form.cleaned_data["reason"]
        )
        return _("The viewing is cancelled and the client was told.")


urlpatterns: list[URLPattern] = [
    path("viewings/", StaffViewingListView.as_view(), name="viewing_list"),
    path("viewings/<int:pk>/confirm/", StaffViewingConfirmView.as_view(), name="viewing_confirm"),
    path("viewings/<int:pk>/propose/", StaffViewingProposeView.as_view(), name="viewing_propose"),
    path("viewings/<int:pk>/cancel/", StaffViewingCancelView.as_view(), name="viewing_cancel"),
]

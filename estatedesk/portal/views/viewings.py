"""The client's viewings: ask to view an offered property, follow the request, accept or
decline another time, cancel, download the confirmed viewing (.ics), say how it went."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from estatedesk.core.text import isolate
from estatedesk.core.views import apply_validation_error

from ..choices import ViewingStatus
from ..forms_viewings import CancelForm, FeedbackForm, ViewingRequestForm
from ..models import Offer, ViewingRequest
from ..selectors import viewings as selectors
from ..services import viewings as services
from .base import ClientView


def _portal(request: HttpRequest) -> Any:
    return request.portal  # type: ignore[attr-defined]


class ViewingListView(ClientView):
    def get(self, request: HttpRequest) -> HttpResponse:
        portal = _portal(request)
        tz = portal.office.timezone
        rows = [
            selectors.localised(v, tz)
            for v in selectors.client_viewings(portal.access, portal.contact_ids)
        ]
        return TemplateResponse(request, "portal/viewings/viewing_list.html", {"rows": rows})


class ViewingRequestView(ClientView):
    """Ask to view an offered property (`offer_pk`): up to three times and a message."""

    template_name = "portal/viewings/viewing_request.html"

    def get_offer(self, request: HttpRequest, offer_pk: int) -> Offer:
        portal = _portal(request)
        offer = (
            Offer.objects.visible_to_client(portal.access, portal.contact_ids)
            .select_related("property")
            .filter(pk=offer_pk)
            .first()
        )
        if offer is None:
            raise Http404
        return offer

    def render(self, request: HttpRequest, offer: Offer, form: ViewingRequestForm) -> HttpResponse:
        status = 400 if form.is_bound else 200
        return TemplateResponse(
            request, self.template_name, {"offer": offer, "form": form}, status=status
        )

    def get(self, request: HttpRequest, offer_pk: int) -> HttpResponse:
        offer = self.get_offer(request, offer_pk)
        form = ViewingRequestForm(tz_name=_portal(request).office.timezone)
        return self.render(request, offer, form)

    def post(self, request: HttpRequest, offer_pk: int) -> HttpResponse:
        portal = _portal(request)
        offer = self.get_offer(request, offer_pk)
        form = ViewingRequestForm(request.POST, tz_name=portal.office.timezone)
        if form.is_valid():
            data = form.cleaned_data
            try:
                viewing = services.viewing_request(
                    access=portal.access,
                    actor=request.user,  # type: ignore[arg-type]
                    offer=offer,
                    slots=[data["slot_1"], data["slot_2"], data["slot_3"]],
                    client_timezone=data["client_timezone"],
                    message=data["message"],
                    contact_ids=portal.contact_ids,
                )
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(request, _("Your request was sent to your agent."))
                return redirect("portal:viewing_detail", viewing.pk)
        return self.render(request, offer, form)


class ViewingMixin(ClientView):
    def get_viewing(self, request: HttpRequest, pk: int) -> ViewingRequest:
        portal = _portal(request)
        viewing = selectors.client_viewing(portal.access, pk, portal.contact_ids)
        if viewing is None:
            raise Http404
        return viewing


class ViewingDetailView(ViewingMixin):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        viewing = self.get_viewing(request, pk)
        context = selectors.localised(viewing, _portal(request).office.timezone)
        context.update(cancel_form=CancelForm(), feedback_form=FeedbackForm())
        return TemplateResponse(request, "portal/viewings/viewing_detail.html", context)


class ViewingActionView(ViewingMixin):
    """A POST on one viewing: the subclass's `act` calls the service."""

    form_class: type[Any] = CancelForm

    def act(self, request: HttpRequest, viewing: ViewingRequest, data: dict[str, Any]) -> str:
        raise NotImplementedError

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        viewing = self.get_viewing(request, pk)
        form = self.form_class(request.POST)
        if not form.is_valid():
            messages.error(request, _("Please check what you entered."))
            return redirect("portal:viewing_detail", viewing.pk)
        try:
            done = self.act(request, viewing, form.cleaned_data)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, done)
        return redirect("portal:viewing_detail", viewing.pk)


def _client_kwargs(request: HttpRequest, viewing: ViewingRequest) -> dict[str, Any]:
    portal = _portal(request)
    return {
        "access": portal.access,
        "actor": request.user,
        "viewing": viewing,
        "contact_ids": portal.contact_ids,
    }


class ViewingAcceptView(ViewingActionView):
    form_class = CancelForm  # nothing to enter

    def act(self, request: HttpRequest, viewing: ViewingRequest, data: dict[str, Any]) -> str:
        services.viewing_accept(**_client_kwargs(request, viewing))
        return _("You accepted the time: your viewing is confirmed.")


class ViewingCancelView(ViewingActionView):
    form_class = CancelForm

    def act(self, request: HttpRequest, viewing: ViewingRequest, data: dict[str, Any]) -> str:
        services.viewing_cancel_by_client(**_client_kwargs(request, viewing), reason=data["reason"])
        return _("The viewing is cancelled; your agent was told.")


class ViewingFeedbackView(ViewingActionView):
    form_class = FeedbackForm

    def act(self, request: HttpRequest, viewing: ViewingRequest, data: dict[str, Any]) -> str:
        services.viewing_feedback(
            **_client_kwargs(request, viewing),
            feedback=data["feedback"],
            still_interested=data["still_interested"],
        )
        return _("Thank you for telling us how it went.")


class ViewingIcsView(ViewingMixin):
    """The confirmed viewing as an .ics file (times in UTC; calendars show them locally)."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        viewing = self.get_viewing(request, pk)
        if viewing.status != ViewingStatus.CONFIRMED or viewing.starts_at is None:
            raise Http404
        prop = viewing.offer.property
        portal = _portal(request)
        cal = Calendar()
        cal.add("prodid", "-//EstateDesk//Client portal//EN")
        cal.add("version", "2.0")
        cal.add("method", "PUBLISH")
        event = Event()
        event.add("uid", f"viewing-{viewing.pk}@estatedesk")
        event.add("dtstamp", timezone.now())
        event.add("dtstart", viewing.starts_at)
        event.add("dtend", viewing.starts_at + timedelta(minutes=viewing.duration_minutes))
        event.add("summary", _("Viewing: %(property)s") % {"property": isolate(prop)})
        if prop.address_line:
            event.add("location", prop.address_line)
        event.add("description", portal.office.name)
        # The configured site address, never the request's Host.
        event.add("url", services.absolute_url(reverse("portal:viewing_detail", args=[pk])))
        cal.add_component(event)
        response = HttpResponse(cal.to_ical(), content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="viewing-{viewing.pk}.ics"'
        return response


urlpatterns: list[URLPattern] = [
    path("viewings/", ViewingListView.as_view(), name="viewing_list"),
    path("offers/<int:offer_pk>/viewing/", ViewingRequestView.as_view(), name="viewing_request"),
    path("viewings/<int:pk>/", ViewingDetailView.as_view(), name="viewing_detail"),
    path("viewings/<int:pk>/accept/", ViewingAcceptView.as_view(), name="viewing_accept"),
    path("viewings/<int:pk>/cancel/", ViewingCancelView.as_view(), name="viewing_cancel"),
    path("viewings/<int:pk>/feedback/", ViewingFeedbackView.as_view(), name="viewing_feedback"),
    path("viewings/<int:pk>/viewing.ics", ViewingIcsView.as_view(), name="viewing_ics"),
]

"""A property's "Owner updates" tab: the agent's marketing notes, each visible to the owner in
the portal or not, added and removed from the property's page."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from estatedesk.core.http import StaffRequest
from estatedesk.core.permissions import StaffRequiredMixin
from estatedesk.properties.models import Property

from ..models import ListingUpdate
from ..services import owners as services

TAB_KEY = "owner-updates"
TAB_TEMPLATE = "portal/staff/_property_owner_updates.html"


class ListingUpdateForm(forms.Form):
    body = forms.CharField(
        label=gettext_lazy("Update"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )
    visible_to_owner = forms.BooleanField(
        label=gettext_lazy("Visible to the owner in the portal"), required=False, initial=True
    )


def owner_updates_tab(request: StaffRequest, record: Property) -> dict[str, Any]:
    """The context of a property's Owner updates tab (one query)."""
    return {
        "listing_updates": list(
            ListingUpdate.objects.filter(
                office_id=record.office_id, property=record
            ).select_related("author")
        ),
        "listing_update_form": ListingUpdateForm(),
    }


def register_tabs() -> None:
    """Called from `PortalConfig.ready()`."""
    from estatedesk.core.tabs import register_tab

    register_tab("properties.property", TAB_KEY, gettext_lazy("Owner updates"), TAB_TEMPLATE,
                 context=owner_updates_tab, order=70)  # fmt: skip


def _tab_url(prop: Property) -> str:
    return f"{prop.get_absolute_url()}?tab={TAB_KEY}"


class ListingUpdateAddView(StaffRequiredMixin):
    def post(self, request: StaffRequest, pk: int) -> HttpResponse:
        prop = Property.objects.visible_to(request.user).filter(pk=pk).first()
        if prop is None:
            raise Http404
        form = ListingUpdateForm(request.POST)
        if form.is_valid():
            try:
                services.listing_update_create(
                    property=prop,
                    actor=request.user,
                    body=form.cleaned_data["body"],
                    visible_to_owner=form.cleaned_data["visible_to_owner"],
                )
            except ValidationError as exc:
                for message in exc.messages:
                    messages.error(request, message)
            else:
                messages.success(request, _("Update added."))
        else:
            messages.error(request, _("Write the update."))
        return redirect(_tab_url(prop))


class ListingUpdateMixin(StaffRequiredMixin):
    def get_update(self, request: StaffRequest, pk: int) -> ListingUpdate:
        update = (
            ListingUpdate.objects.filter(property__in=Property.objects.visible_to(request.user))
            .select_related("property")
            .filter(pk=pk)
            .first()
        )
        if update is None:
            raise Http404
        return update


class ListingUpdateToggleView(ListingUpdateMixin):
    def post(self, request: StaffRequest, pk: int) -> HttpResponse:
        update = self.get_update(request, pk)
        services.listing_update_set_visible(
            update=update, actor=request.user, visible_to_owner=not update.visible_to_owner
        )
        return redirect(_tab_url(update.property))


class ListingUpdateDeleteView(ListingUpdateMixin):
    def post(self, request: StaffRequest, pk: int) -> HttpResponse:
        update = self.get_update(request, pk)
        services.listing_update_delete(update=update, actor=request.user)
        messages.success(request, _("Update removed."))
        return redirect(_tab_url(update.property))


urlpatterns: list[URLPattern] = [
    path("properties/<int:pk>/owner-updates/", ListingUpdateAddView.as_view(),
         name="listing_update_add"),
    path("owner-updates/<int:pk>/visibility/", ListingUpdateToggleView.as_view(),
         name="listing_update_toggle"),
    path("owner-updates/<int:pk>/delete/", ListingUpdateDeleteView.as_view(),
         name="listing_update_delete"),
]  # fmt: skip

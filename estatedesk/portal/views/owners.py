"""A seller's or landlord's own listings in the client portal, in aggregate (no buyer shown)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import URLPattern, path

from ..selectors import owners as selectors
from .base import ClientView


class OwnerListingsView(ClientView):
    def get(self, request: HttpRequest) -> HttpResponse:
        access = request.portal.access  # type: ignore[attr-defined]
        listings = list(selectors.owner_listings(access))
        return TemplateResponse(request, "portal/owners/listing_list.html", {"listings": listings})


class OwnerListingView(ClientView):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        summary = selectors.owner_listing(request.portal.access, pk)  # type: ignore[attr-defined]
        if summary is None:
            raise Http404
        return TemplateResponse(request, "portal/owners/listing_detail.html", {"s": summary})


urlpatterns: list[URLPattern] = [
    path("listings/", OwnerListingsView.as_view(), name="owner_listings"),
    path("listings/<int:pk>/", OwnerListingView.as_view(), name="owner_listing"),
]

"""The client's offered properties: the cards, a property's page, its photos and documents,
the client's reaction and the thread with the agent.

Every view is a `ClientView` and fetches the offer through `visible_to_client` with the
request's household (`request.portal.contact_ids`): anything else answers 404.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path
from django.utils.translation import gettext as _

from estatedesk.core.http import HtmxHttpRequest
from estatedesk.core.views import apply_validation_error
from estatedesk.documents.files import private_storage as document_storage
from estatedesk.documents.models import Document
from estatedesk.properties.models import Property, PropertyPhoto
from estatedesk.properties.models import private_storage as photo_storage

from ..forms_offers import MessageForm, ReactionForm
from ..models import Offer
from ..selectors import offers as selectors
from ..services import offers as services
from .base import ClientView, PortalContext


def _portal(request: HttpRequest) -> PortalContext:
    return request.portal  # type: ignore[attr-defined]


def _split_reactions(offer: Offer, own_contact_id: int) -> None:
    """`offer.my_reaction` (the client's own) and `offer.other_reactions` (their partner's)."""
    reactions = list(offer.reactions.all())
    offer.my_reaction = next((r for r in reactions if r.contact_id == own_contact_id), None)  # type: ignore[attr-defined]
    offer.other_reactions = [r for r in reactions if r.contact_id != own_contact_id]  # type: ignore[attr-defined]


def _features(prop: Property) -> list[str]:
    return [
        str(getattr(Property._meta.get_field(name), "verbose_name", name))
        for name in Property.FEATURE_FIELDS
        if getattr(prop, name)
    ]


class OfferListView(ClientView):
    """The offered properties as cards, newest first; "new" since the previous visit."""

    def get(self, request: HttpRequest) -> HttpResponse:
        portal = _portal(request)
        offers = selectors.client_offers(access=portal.access, contact_ids=portal.contact_ids)
        since = portal.access.last_visit_at
        for offer in offers:
            offer.is_new = since is None or offer.offered_at > since  # type: ignore[attr-defined]
            _split_reactions(offer, portal.access.contact_id)
        return TemplateResponse(
            request,
            "portal/offers/offer_list.html",
            {"offers": offers, "office": portal.office, "nav": "offers"},
        )


class OfferMixin(ClientView):
    def get_offer(self) -> Offer:
        portal = _portal(self.request)
        offer = selectors.client_offer(
            access=portal.access, contact_ids=portal.contact_ids, pk=self.kwargs["pk"]
        )
        if offer is None:
            raise Http404
        _split_reactions(offer, portal.access.contact_id)
        return offer

    def page_context(self, offer: Offer, **extra: Any) -> dict[str, Any]:
        portal = _portal(self.request)
        mine = getattr(offer, "my_reaction", None)
        initial = {}
        if mine is not None:
            initial = {
                "preference": mine.preference,
                "rating": mine.rating,
                "reasons": list(mine.reasons.all()),
                "reason_text": mine.reason_text,
            }
        return {
            "offer": offer,
            "prop": offer.property,
            "photos": list(offer.property.photos.all()),
            "features": _features(offer.property),
            "documents": list(offer.documents.all()),
            "thread": list(offer.messages.all()),
            "reaction_form": ReactionForm(initial=initial, office_id=offer.office_id),
            "message_form": MessageForm(),
            "office": portal.office,
            "own_contact_id": portal.access.contact_id,
            "nav": "offers",
            **extra,
        }


class OfferDetailView(OfferMixin):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        offer = self.get_offer()
        context = self.page_context(offer)
        if offer.unread:  # type: ignore[attr-defined]
            services.messages_mark_read(
                actor=request.user,  # type: ignore[arg-type]
                offer=offer,
                access=_portal(request).access,
            )
        return TemplateResponse(request, "portal/offers/offer_detail.html", context)


class OfferReactView(OfferMixin):
    """POST the reaction form (the button pressed is the preference); htmx gets the form back."""

    def post(self, request: HtmxHttpRequest, pk: int) -> HttpResponse:
        offer = self.get_offer()
        form = ReactionForm(request.POST, office_id=offer.office_id)
        if form.is_valid():
            try:
                services.reaction_set(
                    access=_portal(request).access,
                    offer=offer,
                    preference=form.cleaned_data["preference"],
                    rating=form.cleaned_data["rating"],
                    reasons=form.cleaned_data["reasons"],
                    reason_text=form.cleaned_data["reason_text"],
                )
            except PermissionDenied:
                raise Http404 from None
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                if not request.htmx:
                    messages.success(request, _("Thank you: your agent sees your answer."))
                    return redirect("portal:offer_detail", pk=offer.pk)
                offer = self.get_offer()
                context = self.page_context(offer, saved=True)
                return TemplateResponse(request, "portal/offers/_reaction.html", context)
        context = self.page_context(offer, reaction_form=form)
        template = (
            "portal/offers/_reaction.html" if request.htmx else "portal/offers/offer_detail.html"
        )
        return TemplateResponse(request, template, context, status=422)


class OfferMessageView(OfferMixin):
    """POST a message to the agent; htmx gets the thread back."""

    def post(self, request: HtmxHttpRequest, pk: int) -> HttpResponse:
        offer = self.get_offer()
        form = MessageForm(request.POST)
        if form.is_valid():
            try:
                services.message_post(
                    actor=request.user,  # type: ignore[arg-type]
                    access=_portal(request).access,
                    offer=offer,
                    body=form.cleaned_data["body"],
                )
            except PermissionDenied:
                raise Http404 from None
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                if not request.htmx:
                    messages.success(request, _("Your message was sent."))
                    return redirect("portal:offer_detail", pk=offer.pk)
                offer = self.get_offer()
                return TemplateResponse(
                    request, "portal/offers/_thread.html", self.page_context(offer)
                )
        context = self.page_context(offer, message_form=form)
        template = (
            "portal/offers/_thread.html" if request.htmx else "portal/offers/offer_detail.html"
        )
        return TemplateResponse(request, template, context, status=422)


class OfferFileMixin(ClientView):
    def get_offer(self) -> Offer:
        portal = _portal(self.request)
        offer = selectors.client_offer_for_file(
            access=portal.access, contact_ids=portal.contact_ids, pk=self.kwargs["pk"]
        )
        if offer is None:
            raise Http404
        return offer


class OfferPhotoView(OfferFileMixin):
    """A photo (or its thumbnail) of an offered property, from the private storage."""

    thumbnail = False

    def get(self, request: HttpRequest, pk: int, photo_pk: int) -> FileResponse:
        offer = self.get_offer()
        photo = get_object_or_404(
            PropertyPhoto, pk=photo_pk, office_id=offer.office_id, property_id=offer.property_id
        )
        file = photo.thumbnail if self.thumbnail else photo.image
        if not file.name:
            raise Http404
        try:
            handle = photo_storage().open(file.name, "rb")
        except FileNotFoundError:
            raise Http404 from None
        response = FileResponse(
            handle, content_type="image/jpeg" if self.thumbnail else photo.content_type
        )
        response["Cache-Control"] = "private, max-age=3600"
        response["X-Content-Type-Options"] = "nosniff"
        return response


class OfferDocumentView(OfferFileMixin):
    """A document the agent shared with this offer (and only those), as a download."""

    def get(self, request: HttpRequest, pk: int, document_pk: int) -> FileResponse:
        offer = self.get_offer()
        document = get_object_or_404(
            Document.objects.filter(
                office_id=offer.office_id,
                content_type=ContentType.objects.get_for_model(Property),
                object_id=offer.property_id,
                portal_offers=offer,
            ),
            pk=document_pk,
        )
        try:
            handle = document_storage().open(document.file, "rb")
        except FileNotFoundError:
            raise Http404 from None
        response = FileResponse(
            handle, as_attachment=True, filename=document.original_name,
            content_type=document.mime_type,
        )  # fmt: skip
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, no-store"
        response["Content-Security-Policy"] = "default-src 'none'; sandbox"
        return response


urlpatterns: list[URLPattern] = [
    path("properties/", OfferListView.as_view(), name="offer_list"),
    path("properties/<int:pk>/", OfferDetailView.as_view(), name="offer_detail"),
    path("properties/<int:pk>/reaction/", OfferReactView.as_view(), name="offer_react"),
    path("properties/<int:pk>/messages/", OfferMessageView.as_view(), name="offer_message"),
    path(
        "properties/<int:pk>/photos/<int:photo_pk>/",
        OfferPhotoView.as_view(),
        name="offer_photo",
    ),
    path(
        "properties/<int:pk>/photos/<int:photo_pk>/thumbnail/",
        OfferPhotoView.as_view(thumbnail=True),
        name="offer_photo_thumbnail",
    ),
    path(
        "properties/<int:pk>/documents/<int:document_pk>/",
        OfferDocumentView.as_view(),
        name="offer_document",
    ),
]

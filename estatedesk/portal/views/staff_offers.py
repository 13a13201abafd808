"""What agents do with offers: offer properties from a contact or a property, withdraw, share
documents, answer the client's thread; and Setup › Rejection reasons for administrators.

Every view fetches through `visible_to` (a contact, a property or an offer the user may not
see answers 404); the writes are the services' (`services.offers`).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views import View

from estatedesk.contacts.models import Contact
from estatedesk.core.html import sentence
from estatedesk.core.http import StaffRequest
from estatedesk.core.permissions import AdminRequiredMixin, StaffRequiredMixin
from estatedesk.core.tabs import register_tab
from estatedesk.core.views import apply_validation_error
from estatedesk.properties.models import Property
from estatedesk.properties.selectors import property_options

from ..forms_offers import (
    MessageForm,
    OfferDocumentsForm,
    OfferPropertiesForm,
    OfferToContactForm,
    RejectionReasonForm,
)
from ..models import Offer, RejectionReason
from ..selectors import offers as selectors
from ..services import offers as services

CONTACT_TAB = "portal"
PROPERTY_TAB = "offers"


def _errors(form: Any) -> str:
    return " ".join(
        f"{form.fields[name].label}: {' '.join(map(str, errors))}" if name in form.fields
        else " ".join(map(str, errors))
        for name, errors in form.errors.items()
    )  # fmt: skip


def _contact_url(contact: Contact) -> str:
    return f"{contact.get_absolute_url()}?tab={CONTACT_TAB}"


def _property_url(prop: Property) -> str:
    return f"{prop.get_absolute_url()}?tab={PROPERTY_TAB}"


# --- the tabs ------------------------------------------------------------------------------


def contact_offers_context(request: StaffRequest, contact: Contact) -> dict[str, Any]:
    """What `portal/staff/_contact_offers.html` shows (the contact's Portal tab includes it)."""
    user = request.user
    offers = selectors.contact_offers(user, contact)
    # Each offer's property's documents, to choose which the client may download (one query).
    documents = selectors.property_documents(user, [o.property_id for o in offers])
    by_property: dict[int, list[Any]] = {}
    for document in documents:
        by_property.setdefault(int(document.object_id), []).append(document)
    for offer in offers:
        shared = {d.pk for d in offer.documents.all()}
        offer.document_choices = [  # type: ignore[attr-defined]
            (d, d.pk in shared) for d in by_property.get(offer.property_id, [])
        ]
    return {
        "portal_offers": offers,
        "offer_form": OfferPropertiesForm(actor=user),
        "property_options": property_options(user),
        "offer_contact": contact,
        "reply_form": MessageForm(),
        "currency": user.staff_office.currency,
    }


def property_offers_tab(request: StaffRequest, prop: Property) -> dict[str, Any]:
    """A property's "Offered to" tab: to whom, their reactions, and the offer form."""
    user = request.user
    return {
        "portal_offers": selectors.property_offers(user, prop),
        "offer_form": OfferToContactForm(actor=user),
        "contact_options": selectors.offerable_contacts(user),
        "property_documents": list(selectors.property_documents(user, [prop.pk])),
    }


def register() -> None:
    """Called from PortalConfig.ready(): the property page's tab."""
    register_tab(
        "properties.property",
        PROPERTY_TAB,
        gettext_lazy("Offered to"),
        "portal/staff/_property_offers.html",
        context=property_offers_tab,
        order=40,
    )


# --- offering ------------------------------------------------------------------------------


class OfferFromContactView(StaffRequiredMixin, View):
    """POST from the contact's Portal tab: offer one or more properties."""

    def post(self, request: StaffRequest, pk: int) -> HttpResponse:
        contact = get_object_or_404(Contact.objects.visible_to(request.user), pk=pk)
        form = OfferPropertiesForm(request.POST, actor=request.user)
        if not form.is_valid():
            messages.error(request, _errors(form))
            return redirect(_contact_url(contact))
        try:
            offers = services.offer_create(
                actor=request.user,
                contact=contact,
                properties=list(form.cleaned_data["properties"]),
                note=form.cleaned_data["note"],
                documents=form.cleaned_data["documents"],
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request,
                sentence(ngettext("%(count)s property offered to %(name)s in the portal.",
                                  "%(count)s properties offered to %(name)s in the portal.",
                                  len(offers)),
                         count=len(offers), name=contact),
            )  # fmt: skip
        return redirect(_contact_url(contact))


class OfferFromPropertyView(StaffRequiredMixin, View):
    """POST from the property's "Offered to" tab: offer it to a contact."""

    def post(self, request: StaffRequest, pk: int) -> HttpResponse:
        prop = get_object_or_404(Property.objects.visible_to(request.user), pk=pk)
        form = OfferToContactForm(request.POST, actor=request.user)
        if not form.is_valid():
            messages.error(request, _errors(form))
            return redirect(_property_url(prop))
        contact = form.cleaned_data["contact"]
        try:
            services.offer_create(
                actor=request.user,
                contact=contact,
                properties=[prop],
                note=form.cleaned_data["note"],
                documents=form.cleaned_data["documents"],
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request, sentence(_("Offered to %(name)s in the portal."), name=contact)
            )
        return redirect(_property_url(prop))


class DocumentOptionsView(StaffRequiredMixin, View):
    """The documents of the chosen properties as checkboxes (htmx, as properties are picked)."""

    def get(self, request: StaffRequest) -> HttpResponse:
        ids = [int(v) for v in request.GET.getlist("properties") if v.isdigit() and len(v) < 12]
        documents = selectors.property_documents(request.user, ids[:50]) if ids else []
        return TemplateResponse(
            request, "portal/staff/offers/_document_options.html", {"documents": documents}
        )


class StaffOfferMixin(StaffRequiredMixin):
    def get_offer(self) -> Offer:
        offer = selectors.staff_offer(self.request.user, self.kwargs["pk"])
        if offer is None:
            raise Http404
        return offer

    def back(self, offer: Offer) -> str:
        if self.request.POST.get("from") == "property":
            return _property_url(offer.property)
        return _contact_url(offer.contact)


class OfferWithdrawView(StaffOfferMixin, View):
    def post(self, request: StaffRequest, pk: int) -> HttpResponse:
        offer = self.get_offer()
        services.offer_withdraw(actor=request.user, offer=offer)
        messages.success(
            request,
            sentence(_("%(property)s was withdrawn: the client no longer sees it."),
                     property=offer.property),
        )  # fmt: skip
        return redirect(self.back(offer))


class OfferDocumentsView(StaffOfferMixin, View):
    """POST: exactly which of the property's documents the client may download."""

    def post(self, request: StaffRequest, pk: int) -> HttpResponse:
        offer = self.get_offer()
        form = OfferDocumentsForm(request.POST, actor=request.user)
        if not form.is_valid():
            messages.error(request, _errors(form))
            return redirect(self.back(offer))
        try:
            services.offer_documents_set(
                actor=request.user, offer=offer, documents=form.cleaned_data["documents"]
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The shared documents were saved."))
        return redirect(self.back(offer))


class OfferThreadView(StaffOfferMixin, View):
    """GET: the thread (marks the client's messages read); POST: the agent's answer.
    htmx gets the thread fragment back, a plain form post a redirect."""

    def render_thread(self, offer: Offer, form: MessageForm, status: int = 200) -> HttpResponse:
        return TemplateResponse(
            self.request,
            "portal/staff/offers/_thread.html",
            {"offer": offer, "thread": selectors.offer_thread(offer), "reply_form": form},
            status=status,
        )

    def get(self, request: StaffRequest, pk: int) -> HttpResponse:
        offer = self.get_offer()
        services.messages_mark_read(actor=request.user, offer=offer)
        return self.render_thread(offer, MessageForm())

    def post(self, request: StaffRequest, pk: int) -> HttpResponse:
        offer = self.get_offer()
        form = MessageForm(request.POST)
        if form.is_valid():
            try:
                services.message_post(
                    actor=request.user, offer=offer, body=form.cleaned_data["body"]
                )
            except PermissionDenied:
                raise Http404 from None
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                services.messages_mark_read(actor=request.user, offer=offer)
                if not request.htmx:
                    messages.success(request, _("Your answer was sent to the client."))
                    return redirect(self.back(offer))
                return self.render_thread(offer, MessageForm())
        if not request.htmx:
            messages.error(request, _errors(form))
            return redirect(self.back(offer))
        return self.render_thread(offer, form, status=422)


# --- Setup › Rejection reasons -------------------------------------------------------------


class ReasonAdminMixin(AdminRequiredMixin):
    template_dir = "portal/staff/reasons"

    def get_reason(self) -> RejectionReason:
        return get_object_or_404(
            RejectionReason.objects.filter(office_id=self.office_id), pk=self.kwargs["pk"]
        )


class ReasonListView(ReasonAdminMixin, View):
    """The reasons in the clients' order, with an add form; POST adds one at the end."""

    def render_list(self, form: RejectionReasonForm, status: int = 200) -> TemplateResponse:
        reasons = list(RejectionReason.objects.filter(office_id=self.office_id))
        return self.render(
            "reason_list.html",
            {
                "reasons": reasons,
                "first_pk": reasons[0].pk if reasons else None,
                "last_pk": reasons[-1].pk if reasons else None,
                "form": form,
            },
            status=status,
        )

    def get(self, request: StaffRequest) -> HttpResponse:
        return self.render_list(RejectionReasonForm())

    def post(self, request: StaffRequest) -> HttpResponse:
        form = RejectionReasonForm(request.POST)
        if form.is_valid():
            try:
                reason = services.rejection_reason_create(actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(
                    request, sentence(_("The reason %(name)s was added."), name=reason)
                )
                return redirect("portal_staff:reasons")
        return self.render_list(form, status=422)


class ReasonRenameView(ReasonAdminMixin, View):
    def get(self, request: StaffRequest, pk: int) -> HttpResponse:
        reason = self.get_reason()
        form = RejectionReasonForm(
            initial={"name": reason.name, "asks_for_text": reason.asks_for_text}
        )
        return self.render("reason_rename.html", {"reason": reason, "form": form})

    def post(self, request: StaffRequest, pk: int) -> HttpResponse:
        reason = self.get_reason()
        form = RejectionReasonForm(request.POST)
        if form.is_valid():
            try:
                services.rejection_reason_rename(
                    actor=request.user, reason=reason, **form.cleaned_data
                )
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(request, _("The reason was saved."))
                return redirect("portal_staff:reasons")
        return self.render("reason_rename.html", {"reason": reason, "form": form}, status=422)


class ReasonMoveView(ReasonAdminMixin, View):
    def post(self, request: StaffRequest, pk: int) -> HttpResponse:
        reason = self.get_reason()
        direction = -1 if request.POST.get("direction") == "up" else 1
        services.rejection_reason_move(actor=request.user, reason=reason, direction=direction)
        return redirect("portal_staff:reasons")


class ReasonActiveView(ReasonAdminMixin, View):
    def post(self, request: StaffRequest, pk: int) -> HttpResponse:
        reason = self.get_reason()
        active = request.POST.get("active") in ("1", "true", "on")
        services.rejection_reason_set_active(actor=request.user, reason=reason, active=active)
        if active:
            messages.success(request, sentence(_("%(name)s is offered again."), name=reason))
        else:
            messages.success(
                request,
                sentence(_("%(name)s is no longer offered; the answers that gave it keep it."),
                         name=reason),
            )  # fmt: skip
        return redirect("portal_staff:reasons")


urlpatterns: list[URLPattern] = [
    path("contacts/<int:pk>/offers/", OfferFromContactView.as_view(), name="offer_from_contact"),
    path(
        "properties/<int:pk>/offers/", OfferFromPropertyView.as_view(), name="offer_from_property"
    ),
    path("offers/documents/", DocumentOptionsView.as_view(), name="offer_document_options"),
    path("offers/<int:pk>/withdraw/", OfferWithdrawView.as_view(), name="offer_withdraw"),
    path("offers/<int:pk>/documents/", OfferDocumentsView.as_view(), name="offer_documents"),
    path("offers/<int:pk>/thread/", OfferThreadView.as_view(), name="offer_thread"),
    path("setup/reasons/", ReasonListView.as_view(), name="reasons"),
    path("setup/reasons/<int:pk>/rename/", ReasonRenameView.as_view(), name="reason_rename"),
    path("setup/reasons/<int:pk>/move/", ReasonMoveView.as_view(), name="reason_move"),
    path("setup/reasons/<int:pk>/active/", ReasonActiveView.as_view(), name="reason_active"),
]

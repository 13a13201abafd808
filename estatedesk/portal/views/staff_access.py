"""What agents do with a contact's portal access, from the contact's Portal tab: invite,
send the invitation again, disable, enable, share with a partner. Each is a POST that goes
back to the tab; the contact is fetched through `visible_to` (what is invisible is a 404)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from estatedesk.contacts.models import Contact
from estatedesk.core.permissions import StaffRequiredMixin

from ..forms_access import HouseholdForm, InviteForm
from ..models import PortalAccess
from ..services import access as services

TAB_TEMPLATE = "portal/staff/_contact_portal_tab.html"


def register_tabs() -> None:
    """The contact page's Portal tab (called from PortalConfig.ready)."""
    from estatedesk.core.tabs import register_tab

    from ..selectors.access import contact_portal_tab

    register_tab(
        "contacts.contact", "portal", gettext_lazy("Portal"), TAB_TEMPLATE,
        context=contact_portal_tab, order=60,
    )  # fmt: skip


class ContactAccessAction(StaffRequiredMixin, View):
    """A POST on a contact's access; answers with the Portal tab again."""

    http_method_names = ["post"]

    def contact(self) -> Contact:
        visible = Contact.objects.visible_to(self.request.user)
        return get_object_or_404(visible, pk=self.kwargs["pk"])

    def access(self, contact: Contact) -> PortalAccess:
        access = PortalAccess.objects.filter(contact=contact).first()
        if access is None:
            raise Http404
        access.contact = contact
        return access

    def back(self, contact: Contact) -> HttpResponse:
        return HttpResponseRedirect(f"{contact.get_absolute_url()}?tab=portal")

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        contact = self.contact()
        try:
            self.act(contact)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        return self.back(contact)

    def act(self, contact: Contact) -> None:
        raise NotImplementedError


class InviteView(ContactAccessAction):
    def act(self, contact: Contact) -> None:
        addresses = list(contact.emails.values_list("email", flat=True))
        form = InviteForm(self.request.POST, addresses=addresses)
        if not form.is_valid():
            raise ValidationError(_("Choose one of the contact's e-mail addresses."))
        access = services.portal_invite(
            contact=contact, email=form.cleaned_data["email"], actor=self.request.user
        )
        messages.success(self.request, _("Invitation sent to %(email)s.") % {"email": access.email})


class ResendView(ContactAccessAction):
    def act(self, contact: Contact) -> None:
        access = services.portal_invitation_resend(
            access=self.access(contact), actor=self.request.user
        )
        messages.success(
            self.request,
            _("Invitation sent again to %(email)s; the previous link no longer works.")
            % {"email": access.email},
        )


class DisableView(ContactAccessAction):
    def act(self, contact: Contact) -> None:
        services.portal_access_disable(access=self.access(contact), actor=self.request.user)
        messages.success(self.request, _("Portal access disabled."))


class EnableView(ContactAccessAction):
    def act(self, contact: Contact) -> None:
        services.portal_access_enable(access=self.access(contact), actor=self.request.user)
        messages.success(self.request, _("Portal access enabled."))


class HouseholdView(ContactAccessAction):
    def act(self, contact: Contact) -> None:
        form = HouseholdForm(self.request.POST)
        share: Any = form.is_valid() and form.cleaned_data["share"]
        services.portal_access_set_household(
            access=self.access(contact), share=bool(share), actor=self.request.user
        )
        messages.success(self.request, _("Saved."))


urlpatterns: list[URLPattern] = [
    path("contacts/<int:pk>/invite/", InviteView.as_view(), name="access_invite"),
    path("contacts/<int:pk>/resend/", ResendView.as_view(), name="access_resend"),
    path("contacts/<int:pk>/disable/", DisableView.as_view(), name="access_disable"),
    path("contacts/<int:pk>/enable/", EnableView.as_view(), name="access_enable"),
    path("contacts/<int:pk>/household/", HouseholdView.as_view(), name="access_household"),
]

"""What every client-facing portal view shares: a portal client acting through one access.

`ClientView.dispatch` is the portal's door. It lets in a logged-in portal client whose access
is usable *now* (accepted, not disabled, contact active and not deleted): checked on every
request, so disabling access or deactivating the contact ends an open session at the next
click. Staff, anonymous visitors and clients without a usable access never reach a view.
Views then read `request.portal` and start every query from `visible_to_client`.
"""

from __future__ import annotations

import zoneinfo
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponseBase
from django.urls import reverse
from django.utils import timezone, translation
from django.views import View

from estatedesk.accounts.models import Office
from estatedesk.contacts.models import Contact

from ..models import PortalAccess
from ..querysets import space_contact_ids

SESSION_ACCESS_KEY = "portal_access_id"


@dataclass
class PortalContext:
    """The access a client acts through on this request, and the contacts of its space."""

    access: PortalAccess
    contact_ids: list[int]

    @property
    def contact(self) -> Contact:
        return self.access.contact

    @property
    def office(self) -> Office:
        return self.access.office


def current_access(request: HttpRequest) -> PortalAccess | None:
    """The usable access the session acts through (the one chosen, else the newest)."""
    if request.user.pk is None:
        return None
    accesses = (
        PortalAccess.objects.usable()
        .filter(user_id=request.user.pk, user__is_active=True)
        .select_related("contact", "office")
        .order_by("-accepted_at", "-pk")
    )
    chosen = request.session.get(SESSION_ACCESS_KEY)
    if chosen is not None:
        access = accesses.filter(pk=chosen).first()
        if access is not None:
            return access
    return accesses.first()


class ClientView(View):
    """Base of the client-facing portal pages (see the module docstring)."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("portal:login"))
        if not getattr(user, "is_portal_client", False):
            raise Http404
        access = current_access(request)
        if access is None:
            logout(request)
            return redirect_to_login(request.get_full_path(), reverse("portal:login"))
        request.portal = PortalContext(access, space_contact_ids(access))  # type: ignore[attr-defined]
        activate_client_locale(request, access)
        return super().dispatch(request, *args, **kwargs)


def activate_client_locale(request: HttpRequest, access: PortalAccess) -> None:
    """Portal pages speak the contact's language (else the office's) and show the office's
    time; a client has no office of their own, so the staff middleware left both unset."""
    from ..services.access import contact_language

    language = contact_language(access.contact, access.office)
    translation.activate(language)
    request.LANGUAGE_CODE = language
    timezone.activate(zoneinfo.ZoneInfo(access.office.timezone))

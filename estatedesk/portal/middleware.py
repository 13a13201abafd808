"""The back office's fence against portal clients: deny by default.

A logged-in portal client (role *client*) reaches only the portal's own pages (`/portal/`) and
static files. Every other page redirects them to the portal and every API path answers the
API's JSON 404, whatever view serves it, so a back-office URL added later is closed to them
without anyone remembering to close it. Staff views keep their own checks behind this one.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from estatedesk.accounts.choices import Role

PORTAL_PREFIX = "/portal/"


def _is_portal_client(request: HttpRequest) -> bool:
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated and user.role == Role.CLIENT)


class PortalClientFenceMiddleware:
    """After authentication (see the module docstring)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.static_prefix = "/" + settings.STATIC_URL.lstrip("/")

    def __call__(self, request: HttpRequest) -> HttpResponse:
        path = request.path
        if (
            _is_portal_client(request)
            and not path.startswith(PORTAL_PREFIX)
            and not path.startswith(self.static_prefix)
        ):
            if path.startswith("/api/") or request.headers.get("HX-Request"):
                # An API (or htmx) caller gets the API's JSON 404 (core.error_views).
                raise Http404
            return HttpResponseRedirect(reverse("portal:home"))
        return self.get_response(request)

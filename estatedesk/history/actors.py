"""Who made a change: the request's user, the API token's user, a public form, or the system.

auditlog's middleware reads `request.user` before any view runs, but the API authenticates a
token inside DRF's view, later. So the actor here is resolved lazily, when the log entry is
saved, by which time DRF has set the token's user on the request. A change without a request
(the worker, a management command) has no actor and shows as the system; one made while
answering an anonymous request (a web form, the e-mail intake) is marked as coming from it.
"""

from __future__ import annotations

from typing import Any

from auditlog.middleware import AuditlogMiddleware
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

# `additional_data["via"]` of an entry written while answering an anonymous request.
VIA_PUBLIC = "public"


class HistoryActorMiddleware(AuditlogMiddleware):
    """auditlog's middleware, with the actor and its channel read when an entry is written."""

    @staticmethod
    def _get_actor(request: HttpRequest) -> Any:
        # Resolved when an entry is saved: a staff user then (session or API token), or an
        # AnonymousUser, which auditlog's isinstance check leaves out.
        return SimpleLazyObject(lambda: request.user)

    def get_extra_data(self, request: HttpRequest) -> dict[str, Any]:
        context = super().get_extra_data(request)
        # A callable: auditlog calls it as each entry is written.
        context["additional_data"] = lambda: _channel(request)
        return context


def _channel(request: HttpRequest) -> dict[str, str] | None:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return None
    return {"via": VIA_PUBLIC}

"""A database that cannot be reached answers 503 with `Retry-After` (HTML or JSON), never a 500.

The middleware catches what a view raises; `core.error_views.server_error` catches what other
middleware raises (reading the session or the user's office) before a view is reached. Either
way the connection is marked as having failed, so Django closes it when the request ends
(`close_old_connections`) unless it still answers, and the next request connects again.
"""

import logging

from django.db import InterfaceError, OperationalError, connections
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader
from django.utils.translation import get_language
from django.utils.translation import gettext as _

logger = logging.getLogger("estatedesk.database")

RETRY_AFTER_SECONDS = 5
# What Django raises for a lost or refused connection, a server shutting down, a statement the
# server cancelled, and SQLite's "database is locked" after its timeout: all pass with time.
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)

API_PATH = "/api/"
# Pages under /api/ that people open in a browser: their errors are pages too.
HTML_PAGES_UNDER_API = ("/api/tokens/", "/api/docs/", "/api/redoc/")


def wants_json(request: HttpRequest) -> bool:
    """Whether an error should be the API's JSON: an API path, a JSON body, or a client that
    asks for JSON ahead of HTML. Reads no header that could itself be refused (the Host)."""
    path = request.path
    if path.startswith(API_PATH) and not path.startswith(HTML_PAGES_UNDER_API):
        return True
    if request.META.get("CONTENT_TYPE", "").startswith("application/json"):
        return True
    accept = request.META.get("HTTP_ACCEPT", "")
    return "application/json" in accept and "text/html" not in accept


def database_unavailable_message() -> str:
    return _("The database cannot be reached right now. Try again in a few seconds.")


def database_unavailable_response(request: HttpRequest) -> HttpResponse:
    """The 503 itself. Renders without a request context: nothing here may touch the database
    (no session, no user, no context processors)."""
    response: HttpResponse
    if wants_json(request):
        response = JsonResponse({"detail": database_unavailable_message()}, status=503)
    else:
        body = loader.get_template("503.html").render({"LANGUAGE_CODE": get_language()})
        response = HttpResponse(body, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def note_database_unavailable(request: HttpRequest, exc: BaseException) -> None:
    """Log the failure and make sure the broken connection is not kept for the next request."""
    logger.error(
        "Database unavailable for %s %s: %s", request.method, request.path, exc, exc_info=exc
    )
    for connection in connections.all(initialized_only=True):
        # Django sets this when the error came through its cursor; a raw driver call does not.
        # At the request's end `close_if_unusable_or_obsolete` then closes a dead connection.
        connection.errors_occurred = True


class DatabaseUnavailableMiddleware:
    """Turns a lost database connection raised by a view into a 503 with `Retry-After`."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, DATABASE_UNAVAILABLE):
            return None
        note_database_unavailable(request, exception)
        return database_unavailable_response(request)

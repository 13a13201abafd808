"""Django's error views (400, 403, 404, 500, CSRF failure), answering the API's JSON shape
`{"detail": "…"}` where the client expects JSON (`core.middleware.wants_json`), Django's pages
elsewhere. These are the errors raised before a request reaches DRF: a refused Host, a body over
the upload limit read by a middleware, a CSRF failure, a lost database in a middleware.
"""

import sys

from django.conf import settings
from django.core.exceptions import (
    DisallowedHost,
    RequestDataTooBig,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.views import csrf, defaults

from .middleware import (
    DATABASE_UNAVAILABLE,
    database_unavailable_response,
    note_database_unavailable,
    wants_json,
)


def body_too_large_message() -> str:
    limit_mb = settings.DATA_UPLOAD_MAX_MEMORY_SIZE / 1024 / 1024
    return _("The request body is larger than the %(limit)s MB the API accepts.") % {
        "limit": f"{limit_mb:g}"
    }


def _bad_request_answer(exception: Exception) -> tuple[int, str]:
    if isinstance(exception, RequestDataTooBig):
        return 413, body_too_large_message()
    if isinstance(exception, TooManyFieldsSent):
        return 400, _("The request has more than the %(limit)s fields the API accepts.") % {
            "limit": settings.DATA_UPLOAD_MAX_NUMBER_FIELDS
        }
    if isinstance(exception, TooManyFilesSent):
        return 400, _("The request has more than the %(limit)s files the API accepts.") % {
            "limit": settings.DATA_UPLOAD_MAX_NUMBER_FILES
        }
    if isinstance(exception, DisallowedHost):
        return 400, _("This server does not answer for the host name in the request.")
    return 400, _("The request could not be read.")


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    if wants_json(request):
        status, message = _bad_request_answer(exception)
        return JsonResponse({"detail": message}, status=status)
    return defaults.bad_request(request, exception)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    if wants_json(request):
        message = _("You do not have permission to perform this action.")
        return JsonResponse({"detail": message}, status=403)
    return defaults.permission_denied(request, exception)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    if wants_json(request):
        return JsonResponse({"detail": _("Not found.")}, status=404)
    return defaults.page_not_found(request, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    # Django calls this inside its `except` block, so the exception is still at hand: a lost
    # database raised by a middleware (the session, the user's office) is a 503, not a 500.
    exception = sys.exc_info()[1]
    if isinstance(exception, DATABASE_UNAVAILABLE):
        note_database_unavailable(request, exception)
        return database_unavailable_response(request)
    if wants_json(request):
        return JsonResponse({"detail": _("Server error.")}, status=500)
    return defaults.server_error(request)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    if wants_json(request):
        message = _(
            "The request was refused: a session's write needs a CSRF token. An API client "
            "sends its key in the Authorization header instead."
        )
        return JsonResponse({"detail": message}, status=403)
    return csrf.csrf_failure(request, reason)

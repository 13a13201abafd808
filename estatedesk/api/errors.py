"""Errors in DRF's format, also for the Django ValidationError services raise.

Every API error is JSON in one of two documented bodies (`api.schema`): `{"detail": "…"}` for a
request refused as a whole, naming the limit where there is one, and `{"field": ["message", …]}`
for invalid input. Errors Django answers before DRF sees the request use the first
(`core.error_views`).
"""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions, status
from rest_framework.views import exception_handler as drf_exception_handler

from estatedesk.core.api.errors import validation_error_detail
from estatedesk.core.error_views import body_too_large_message
from estatedesk.core.middleware import (
    DATABASE_UNAVAILABLE,
    RETRY_AFTER_SECONDS,
    database_unavailable_message,
    note_database_unavailable,
)


class RequestTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "request_too_large"


class DatabaseUnavailable(exceptions.APIException):
    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_code = "database_unavailable"
    # DRF's handler sends `Retry-After` for an exception that says how long to wait.
    wait = RETRY_AFTER_SECONDS


def api_exception_handler(exc, context):
    """DRF's handler, plus services' Django ValidationError as a 400 naming the fields, a body
    over Django's limit as a JSON 413 (Django itself would answer an HTML 400), and a lost
    database as a 503 with `Retry-After`."""
    if isinstance(exc, RequestDataTooBig):
        exc = RequestTooLarge(body_too_large_message())
    elif isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(validation_error_detail(exc))
    elif isinstance(exc, DjangoPermissionDenied) and not exc.args:
        exc = exceptions.PermissionDenied()
    elif isinstance(exc, DATABASE_UNAVAILABLE):
        note_database_unavailable(context["request"], exc)
        exc = DatabaseUnavailable(database_unavailable_message())
    response = drf_exception_handler(exc, context)
    if response is not None and isinstance(exc, DatabaseUnavailable):
        response["Cache-Control"] = "no-store"
    return response

"""Errors in DRF's format, also for the Django ValidationError services raise."""

from django.conf import settings
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.views import exception_handler as drf_exception_handler

from estatedesk.core.api.errors import validation_error_detail


class RequestTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "request_too_large"


def api_exception_handler(exc, context):
    """DRF's handler, plus services' Django ValidationError as a 400 naming the fields, and a
    body over Django's limit as a JSON 413 (Django itself would answer an HTML 400)."""
    if isinstance(exc, RequestDataTooBig):
        limit_mb = settings.DATA_UPLOAD_MAX_MEMORY_SIZE / 1024 / 1024
        exc = RequestTooLarge(
            _("The request body is larger than the %(limit)s MB the API accepts.")
            % {"limit": f"{limit_mb:g}"}
        )
    elif isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(validation_error_detail(exc))
    elif isinstance(exc, DjangoPermissionDenied) and not exc.args:
        exc = exceptions.PermissionDenied()
    return drf_exception_handler(exc, context)

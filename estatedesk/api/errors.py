"""Errors in DRF's format, also for the Django ValidationError services raise."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions
from rest_framework.views import exception_handler as drf_exception_handler

from estatedesk.core.api.errors import validation_error_detail


def api_exception_handler(exc, context):
    """DRF's handler, plus services' Django ValidationError as a 400 naming the fields."""
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(validation_error_detail(exc))
    elif isinstance(exc, DjangoPermissionDenied) and not exc.args:
        exc = exceptions.PermissionDenied()
    return drf_exception_handler(exc, context)

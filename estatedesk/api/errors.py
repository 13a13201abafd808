"""Errors in DRF's format, also for the Django ValidationError services raise."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler


def validation_error_detail(exc: DjangoValidationError) -> dict[str, list[str]]:
    """A Django ValidationError as DRF's body: `{"field": ["message", …]}`.

    Errors not about one field (`__all__`, or a plain message) go under `non_field_errors`.
    """
    key = api_settings.NON_FIELD_ERRORS_KEY
    if hasattr(exc, "error_dict"):
        return {
            (key if field == "__all__" else field): list(messages)
            for field, messages in exc.message_dict.items()
        }
    return {key: list(exc.messages)}


def api_exception_handler(exc, context):
    """DRF's handler, plus services' Django ValidationError as a 400 naming the fields."""
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(validation_error_detail(exc))
    elif isinstance(exc, DjangoPermissionDenied) and not exc.args:
        exc = exceptions.PermissionDenied()
    return drf_exception_handler(exc, context)

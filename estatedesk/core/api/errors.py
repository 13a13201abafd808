"""Django's ValidationError in DRF's body format, for the exception handler and serializers."""

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework.settings import api_settings


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

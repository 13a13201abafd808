"""Conditional requests on records: ETag and Last-Modified out, If-Match, If-Unmodified-Since
and If-None-Match in, so that an API client never overwrites a change it has not seen.

The ETag is the record's version (`core.versions`: `updated_at` to the microsecond), a strong
validator. Django's `get_conditional_response` decides, by RFC 9110's rules, whether a request's
preconditions hold; a failed one on a write is a JSON 412 and nothing is written.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.cache import get_conditional_response
from django.utils.http import http_date, quote_etag
from django.utils.translation import gettext_lazy as _
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import exceptions, status
from rest_framework.response import Response

from estatedesk.core import versions

WRITES = ("update", "partial_update", "destroy")


class PreconditionFailed(exceptions.APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = _(
        "The record was changed since the version you sent (If-Match / If-Unmodified-Since): "
        "fetch it again and apply your change to the current version."
    )
    default_code = "precondition_failed"


def record_etag(version: str) -> str:
    return quote_etag(version)


def validator_headers(updated_at) -> dict[str, str]:
    """ETag and Last-Modified of a record last saved at `updated_at`."""
    return {
        "ETag": record_etag(versions.version_token(updated_at)),
        "Last-Modified": http_date(updated_at.timestamp()),
    }


def _failed_precondition(request, updated_at) -> int | None:
    """412 or 304 when the request's preconditions do not hold for this version, else None."""
    answer = get_conditional_response(
        request,
        etag=record_etag(versions.version_token(updated_at)),
        last_modified=int(updated_at.timestamp()),
    )
    return None if answer is None else answer.status_code


class ConditionalRecordMixin:
    """For RecordViewSet: validators on every detail response, preconditions on every write.

    A write checks its preconditions and writes in one transaction, with the row locked
    (`versions.locked_version`), so that two clients holding the same ETag cannot both pass.
    """

    model: Any
    request: Any

    def _record_model(self) -> Any:
        # A viewset may build its queryset itself without naming `model` (property links).
        return getattr(self, "model", None) or self.get_queryset().model  # type: ignore[attr-defined]

    def _stored_updated_at(self, pk: Any):
        manager = self._record_model()._default_manager
        return manager.filter(pk=pk).values_list("updated_at", flat=True).first()

    def _check_write_preconditions(self) -> None:
        record = self.get_object()  # type: ignore[attr-defined]  # visibility first: 404
        updated_at = versions.locked_updated_at(type(record), record.pk)
        if updated_at is not None and _failed_precondition(self.request, updated_at) is not None:
            raise PreconditionFailed

    def _with_validators(self, response: Response, pk: Any) -> Response:
        updated_at = self._stored_updated_at(pk) if pk is not None else None
        if updated_at is not None and 200 <= response.status_code < 300:
            for name, value in validator_headers(updated_at).items():
                response[name] = value
        return response

    def retrieve(self, request, *args, **kwargs):
        record = self.get_object()
        headers = validator_headers(record.updated_at)
        failed = _failed_precondition(request, record.updated_at)
        if failed == status.HTTP_412_PRECONDITION_FAILED:
            raise PreconditionFailed
        if failed == status.HTTP_304_NOT_MODIFIED:  # If-None-Match: the client's copy is current
            return Response(status=status.HTTP_304_NOT_MODIFIED, headers=headers)
        serializer = self.get_serializer(record)
        return Response(serializer.data, headers=headers)

    def update(self, request, *args, **kwargs):
        with transaction.atomic():
            self._check_write_preconditions()
            response = super().update(request, *args, **kwargs)
        return self._with_validators(response, self.get_object().pk)

    def destroy(self, request, *args, **kwargs):
        with transaction.atomic():
            self._check_write_preconditions()
            return super().destroy(request, *args, **kwargs)

    def create(self, request, *args, **kwargs):
        response = super().create(request, *args, **kwargs)
        pk = response.data.get("id") if isinstance(response.data, dict) else None
        return self._with_validators(response, pk)


# --- the OpenAPI description of the same ----------------------------------------------------

_VALIDATORS_OUT = [
    OpenApiParameter(
        "ETag", OpenApiTypes.STR, OpenApiParameter.HEADER, response=[200, 201, 304],
        description="The record's version (a strong validator): send it back in `If-Match`.",
    ),
    OpenApiParameter(
        "Last-Modified", OpenApiTypes.STR, OpenApiParameter.HEADER, response=[200, 201, 304],
        description="When the record was last saved (HTTP date).",
    ),
]  # fmt: skip
_IF_MATCH = OpenApiParameter(
    "If-Match", OpenApiTypes.STR, OpenApiParameter.HEADER, required=False,
    description=(
        "Write only if the record is still at this version (its `ETag`); otherwise 412 and "
        "nothing is written."
    ),
)  # fmt: skip
_IF_UNMODIFIED_SINCE = OpenApiParameter(
    "If-Unmodified-Since", OpenApiTypes.STR, OpenApiParameter.HEADER, required=False,
    description="Write only if the record was not saved after this HTTP date; otherwise 412.",
)  # fmt: skip
_IF_NONE_MATCH = OpenApiParameter(
    "If-None-Match", OpenApiTypes.STR, OpenApiParameter.HEADER, required=False,
    description="Answer 304 without a body when the record is still at this version.",
)  # fmt: skip
_PARAMETERS = {
    "retrieve": [_IF_NONE_MATCH, *_VALIDATORS_OUT],
    "update": [_IF_MATCH, _IF_UNMODIFIED_SINCE, *_VALIDATORS_OUT],
    "partial_update": [_IF_MATCH, _IF_UNMODIFIED_SINCE, *_VALIDATORS_OUT],
    "destroy": [_IF_MATCH, _IF_UNMODIFIED_SINCE],
    "create": _VALIDATORS_OUT,
}
_PRECONDITION_FAILED = OpenApiResponse(
    {"type": "object", "properties": {"detail": {"type": "string"}}, "required": ["detail"]},
    description="The record changed since the version in If-Match / If-Unmodified-Since.",
)


class ConditionalRecordSchema(AutoSchema):
    """The headers above on each record operation, with its 304 and 412 answers."""

    def _action(self) -> str:
        return getattr(self.view, "action", None) or ""

    def get_override_parameters(self):
        return [*super().get_override_parameters(), *_PARAMETERS.get(self._action(), [])]

    def get_response_serializers(self):
        serializers = super().get_response_serializers()
        action = self._action()
        if action not in ("retrieve", *WRITES) or isinstance(serializers, dict):
            return serializers
        if action == "destroy":
            return {204: None, 412: _PRECONDITION_FAILED}
        if action == "retrieve":
            return {200: serializers, 304: OpenApiResponse(description="Not modified.")}
        return {200: serializers, 412: _PRECONDITION_FAILED}

"""A cap on the file bytes one request may send, enforced while the body streams in.

Django parses a multipart body before any view runs (the CSRF check reads the form) and
spools files past 2.5 MB to a temporary file of any size: the documents' and photos' own
limits were checked only once a file had been received whole. `BoundedUploadHandler`, first
in FILE_UPLOAD_HANDLERS, counts the file bytes of the request as they arrive and skips the
file that goes past the largest upload limit (the rest of the body is read and dropped);
the view then shows `refused_upload(request)` instead of "this field is required".
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.http import HttpRequest
from django.utils.translation import gettext as _

REFUSED_ATTRIBUTE = "estatedesk_refused_upload"


def request_file_limit_mb() -> int:
    """What one request may upload: the largest of the per-kind limits, checked after."""
    return max(settings.DOCUMENT_MAX_MB, settings.PHOTO_MAX_MB)


def refused_upload(request: HttpRequest) -> str | None:
    """The message for a file the handler skipped in this request, if it skipped one."""
    return getattr(request, REFUSED_ATTRIBUTE, None)


class BoundedUploadHandler(FileUploadHandler):
    """Counts file bytes across the request; skips a file past `request_file_limit_mb`."""

    def __init__(self, request: HttpRequest | None = None) -> None:
        super().__init__(request)
        self.limit_mb = request_file_limit_mb()
        self.received = 0

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        if self.content_length is not None and self.content_length > self.limit_mb * 1024**2:
            self._refuse()  # a part that declares its size is refused before any byte

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        self.received += len(raw_data)
        if self.received > self.limit_mb * 1024 * 1024:
            self._refuse()
        return raw_data  # for the handlers after this one, which store it

    def file_complete(self, file_size: int) -> None:
        return None  # the next handlers make the file

    def _refuse(self) -> None:
        if self.request is not None:
            message = _(
                "“%(name)s” is larger than the %(limit)s MB an upload may be; nothing was saved."
            )
            params = {"name": self.file_name, "limit": self.limit_mb}
            setattr(self.request, REFUSED_ATTRIBUTE, message % params)
        raise SkipFile

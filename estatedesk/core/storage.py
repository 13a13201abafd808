"""Saving an uploaded file all or nothing: a full disk is a clear error and leaves no part behind.

Django's FileSystemStorage writes a file chunk by chunk and, when a write fails (no space
left, quota exceeded), leaves what it wrote. `save_file` removes that part (and the directory
made for it, if empty) and turns "no room" into StorageFull, which a form shows as its error
and the API (a DRF exception) answers as a JSON 507 Insufficient Storage: the server's
condition, not the client's mistake, and one a client may retry later.
"""

from __future__ import annotations

import contextlib
import errno
import logging
import os

from django.core.files.base import File
from django.core.files.storage import Storage
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import status
from rest_framework.exceptions import APIException

logger = logging.getLogger(__name__)

NO_ROOM = frozenset({errno.ENOSPC, errno.EDQUOT})


class StorageFull(APIException):
    """The storage has no room for the file; nothing of it was kept."""

    status_code = status.HTTP_507_INSUFFICIENT_STORAGE
    default_code = "insufficient_storage"
    default_detail = gettext_lazy("The server has no room to store this file; nothing was saved.")


def storage_full(display_name: str) -> StorageFull:
    return StorageFull(
        _(
            "The server has no room to store “%(name)s”; nothing was saved. Try again later, "
            "or tell your administrator."
        )
        % {"name": display_name}
    )


def _remove_partial(storage: Storage, name: str) -> None:
    """Remove what a failed save wrote, and the directory it made if that is now empty."""
    try:
        storage.delete(name)
    except OSError:
        logger.exception("Could not remove the partial file %s", name)
    # Not a local storage, or the directory holds more: then it stays.
    with contextlib.suppress(NotImplementedError, OSError):
        os.rmdir(os.path.dirname(storage.path(name)))


def save_file(storage: Storage, name: str, content: File, *, display_name: str) -> str:
    """Save `content` as (about) `name` in `storage`; the name it got.

    On any OSError nothing stays in the storage; "no space" and "quota exceeded" raise
    StorageFull naming `display_name`, other errors are raised as they are.
    """
    name = storage.get_available_name(name)
    try:
        return storage.save(name, content)
    except OSError as exc:
        _remove_partial(storage, name)
        if exc.errno in NO_ROOM:
            logger.error("No room to store %s: %s", name, exc)
            raise storage_full(display_name) from exc
        raise

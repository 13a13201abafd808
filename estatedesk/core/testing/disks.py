"""A disk that fills up in the middle of a write, for tests of what an upload leaves behind."""

from __future__ import annotations

import errno
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from unittest import mock


class _Disk:
    """The room left, shared by every file written while the disk is filling."""

    def __init__(self, room: int, error: int) -> None:
        self.room = room
        self.error = error
        self.filled: list[str] = []


class _FillingFile:
    """A file object whose writes take the disk's room, then fail as on a full disk."""

    def __init__(self, file: Any, disk: _Disk) -> None:
        self._file = file
        self._disk = disk

    def write(self, data: bytes) -> int:
        disk = self._disk
        if len(data) > disk.room:
            self._file.write(data[: disk.room])
            self._file.flush()
            disk.room = 0
            disk.filled.append(self._file.name)
            raise OSError(disk.error, os.strerror(disk.error))
        disk.room -= len(data)
        return self._file.write(data)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._file, name)


@contextmanager
def disk_full_after(
    room: int, *, under: Path | str, error: int = errno.ENOSPC
) -> Iterator[list[Any]]:
    """Files opened with os.fdopen under `under` (as Django's FileSystemStorage does) take
    `room` bytes between them, then writes raise OSError(`error`). Yields a list that gets
    an entry for each write that ran out of room."""
    real_fdopen = os.fdopen
    root = str(Path(under).resolve())
    disk = _Disk(room, error)

    def fdopen(fd: int, *args: Any, **kwargs: Any) -> Any:
        path = os.readlink(f"/proc/self/fd/{fd}")
        file = real_fdopen(fd, *args, **kwargs)
        if not path.startswith(root + os.sep):
            return file
        return _FillingFile(file, disk)

    with mock.patch("django.core.files.storage.filesystem.os.fdopen", fdopen):
        yield disk.filled

"""Bounded inspection of ZIP-based uploads (Office and OpenDocument files, XLSX imports).

A ZIP of a megabyte can inflate to gigabytes, and `zipfile`'s `read()` inflates a member in
one call. So an upload is judged first by what its central directory declares (how many
members, how large in total, how strongly compressed), and a member is read only in chunks,
counting the bytes actually inflated against a hard cap: declared sizes are the archive's
word, not a promise. Only stored and deflated members are read (the only methods Office files
use): `zipfile` inflates bzip2 and LZMA data without an output bound.
"""

from __future__ import annotations

import struct
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import IO

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

CHUNK_BYTES = 64 * 1024
READABLE_METHODS = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)
# The end-of-central-directory record: signature, disk numbers, member counts, directory size
# and offset, comment length (APPNOTE.TXT 4.3.16). It ends the file, before a comment of at
# most 65,535 bytes.
END_RECORD = struct.Struct("<4s4H2LH")
END_SIGNATURE = b"PK\x05\x06"
END_SEARCH_BYTES = END_RECORD.size + 0xFFFF
ZIP64_MARKERS = (0xFFFF, 0xFFFFFFFF)
# What zipfile raises for a damaged archive, an encrypted member or an unknown method.
UNREADABLE = (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError,
              RuntimeError, NotImplementedError)  # fmt: skip


@dataclass(frozen=True)
class ZipLimits:
    """What an archive may declare, and what reading one member may inflate."""

    max_members: int = 1_000
    max_total_bytes: int = 200 * 1024 * 1024  # declared, all members together
    max_member_bytes: int = 100 * 1024 * 1024  # declared and actually inflated, per member
    # A member above `ratio_floor_bytes` may inflate to at most this many times its compressed
    # size: real XML compresses some 10-30 times, a run of zeros a thousand times.
    max_ratio: int = 200
    ratio_floor_bytes: int = 1024 * 1024

    @property
    def max_directory_bytes(self) -> int:
        """A central directory entry is 46 bytes plus its name and extras; 1 KiB is generous."""
        return self.max_members * 1024


# Documents are stored, not opened: the check reads a few bytes of a few members.
DOCUMENT_LIMITS = ZipLimits()
# A workbook for import is opened whole by openpyxl: every member may be inflated.
WORKBOOK_LIMITS = ZipLimits(max_members=500, max_total_bytes=300 * 1024 * 1024,
                            max_member_bytes=200 * 1024 * 1024)  # fmt: skip


class UnsafeArchive(ValidationError):
    """The archive is refused; its message names the file and the limit it exceeds."""


def _refuse(message: str, code: str = "unsafe_archive", **params: object) -> UnsafeArchive:
    return UnsafeArchive(message % params, code=code)


def _end_record(file: IO[bytes]) -> tuple[int, int]:
    """(member count, central directory size) as the end record declares them.

    Read before `zipfile` is let at the directory: it builds an object per declared member.
    """
    file.seek(0, 2)
    size = file.tell()
    start = max(0, size - END_SEARCH_BYTES)
    file.seek(start)
    tail = file.read(size - start)
    # Where zipfile looks first (no comment), else the last signature before a comment.
    no_comment = len(tail) - END_RECORD.size
    at = tail.rfind(END_SIGNATURE)
    if no_comment >= 0 and tail.startswith(END_SIGNATURE, no_comment):
        at = no_comment
    if at < 0 or len(tail) - at < END_RECORD.size:
        raise zipfile.BadZipFile("no end of central directory record")
    fields = END_RECORD.unpack_from(tail, at)
    members, directory_bytes = fields[4], fields[5]
    return members, directory_bytes


def _check_declared(archive: zipfile.ZipFile, name: str, limits: ZipLimits) -> None:
    infos = archive.infolist()
    if len(infos) > limits.max_members:
        raise _refuse(_("“%(name)s” holds more than %(limit)s files."),
                      name=name, limit=limits.max_members)  # fmt: skip
    total = 0
    for info in infos:
        total += info.file_size
        if info.compress_type not in READABLE_METHODS:
            raise _refuse(_("“%(name)s” uses a compression method that is not accepted."),
                          name=name)  # fmt: skip
        if info.file_size > limits.max_member_bytes:
            raise _refuse(
                _("“%(name)s” holds a file of %(size)s; at most %(limit)s is accepted."),
                name=name,
                size=filesizeformat(info.file_size),
                limit=filesizeformat(limits.max_member_bytes),
            )
        inflation = info.file_size / max(info.compress_size, 1)
        if info.file_size > limits.ratio_floor_bytes and inflation > limits.max_ratio:
            raise _refuse(
                _("“%(name)s” is compressed more than %(limit)s times over; it is refused as a "
                  "possible decompression bomb."),
                name=name, limit=limits.max_ratio,
            )  # fmt: skip
    if total > limits.max_total_bytes:
        raise _refuse(
            _("“%(name)s” would unpack to %(size)s; at most %(limit)s is accepted."),
            name=name,
            size=filesizeformat(total),
            limit=filesizeformat(limits.max_total_bytes),
        )


class BoundedZip:
    """An archive whose declarations passed the limits; members are read in bounded chunks."""

    def __init__(self, archive: zipfile.ZipFile, name: str, limits: ZipLimits) -> None:
        self._archive = archive
        self.name = name
        self.limits = limits

    def names(self) -> set[str]:
        return set(self._archive.namelist())

    def chunks(self, member: str, max_bytes: int | None = None) -> Iterator[bytes]:
        """The member's content, inflated `CHUNK_BYTES` at a time.

        Raises UnsafeArchive once more than `max_bytes` (default: the per-member limit) have
        actually been inflated, whatever the directory declared; KeyError for a missing member.
        """
        cap = self.limits.max_member_bytes if max_bytes is None else max_bytes
        seen = 0
        with self._archive.open(member) as stream:
            while chunk := stream.read(CHUNK_BYTES):
                seen += len(chunk)
                if seen > cap:
                    raise _refuse(
                        _("“%(name)s” holds more data than it declares; at most %(limit)s is "
                          "read from one of its files."),
                        code="member_too_large", name=self.name, limit=filesizeformat(cap),
                    )  # fmt: skip
                yield chunk

    def read(self, member: str, max_bytes: int) -> bytes:
        """The whole member, refused (UnsafeArchive) past `max_bytes` inflated bytes."""
        return b"".join(self.chunks(member, max_bytes))

    def verify(self) -> None:
        """Inflate every member (discarding the data) to prove its true size within the limits.

        Also checks each member's CRC (zipfile raises BadZipFile on a mismatch). CPython's
        zipfile stops a member at its declared size, so the caps here are a second line, for
        the day a reader does not.
        """
        total = 0
        for info in self._archive.infolist():
            for chunk in self.chunks(info.filename):
                total += len(chunk)
                if total > self.limits.max_total_bytes:
                    raise _refuse(
                        _("“%(name)s” would unpack to more than %(limit)s."),
                        name=self.name, limit=filesizeformat(self.limits.max_total_bytes),
                    )  # fmt: skip


@contextmanager
def open_zip(
    file: IO[bytes], *, name: str, limits: ZipLimits = DOCUMENT_LIMITS
) -> Iterator[BoundedZip]:
    """Open `file` as a ZIP whose declared members are within `limits`.

    Raises UnsafeArchive (a ValidationError naming `name` and the limit) for an archive past
    the limits; one of UNREADABLE for a file that is not a readable ZIP. The file is left at 0.
    """
    try:
        members, directory_bytes = _end_record(file)
        if members in ZIP64_MARKERS or members > limits.max_members:
            raise _refuse(_("“%(name)s” holds more than %(limit)s files."),
                          name=name, limit=limits.max_members)  # fmt: skip
        if directory_bytes in ZIP64_MARKERS or directory_bytes > limits.max_directory_bytes:
            raise _refuse(_("The table of contents of “%(name)s” is too large."), name=name)
        file.seek(0)
        with zipfile.ZipFile(file) as archive:
            _check_declared(archive, name, limits)
            yield BoundedZip(archive, name, limits)
    finally:
        file.seek(0)


def check_workbook(file: IO[bytes], *, name: str, limits: ZipLimits = WORKBOOK_LIMITS) -> None:
    """Say that an XLSX file is safe to hand to openpyxl, which inflates members whole.

    Checks the declarations, then inflates every member in chunks to prove the real sizes.
    Raises UnsafeArchive (a ValidationError naming the file and the limit), or a
    ValidationError if it is not a workbook at all.
    """
    not_a_workbook = ValidationError(
        _("“%(name)s” is damaged or not an Excel workbook (.xlsx).") % {"name": name},
        code="not_a_workbook",
    )
    try:
        with open_zip(file, name=name, limits=limits) as archive:
            if "[Content_Types].xml" not in archive.names():
                raise not_a_workbook
            archive.verify()
    except UNREADABLE:
        raise not_a_workbook from None

"""What may be uploaded: the extension must be allowed AND the first bytes must match it.

A client's Content-Type header and file name are not to be trusted: a renamed program must not
get through as “contract.pdf”, so the main formats are recognised by their signature, and
Office Open XML / OpenDocument files by what their ZIP container holds.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation, ValidationError
from django.core.files.storage import Storage, storages
from django.template.defaultfilters import filesizeformat
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from estatedesk.core.archives import UNREADABLE, UnsafeArchive, open_zip

HEAD_BYTES = 8192
MIMETYPE_MAX_BYTES = 256  # OpenDocument's `mimetype` member is one short line
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .doc/.xls compound file
HEIC_BRANDS = {
    b"heic",
    b"heix",
    b"heim",
    b"heis",
    b"hevc",
    b"hevx",
    b"hevm",
    b"hevs",
    b"mif1",
    b"msf1",
}
EXECUTABLE_MAGIC = (b"MZ", b"\x7fELF", b"\xcf\xfa\xed\xfe", b"\xca\xfe\xba\xbe", b"#!")


def private_storage() -> Storage:
    """Looked up on each use, so that a changed STORAGES setting (tests) takes effect."""
    return storages["private"]


def _pdf(head: bytes, file) -> bool:
    return head.startswith(b"%PDF-")


def _png(head: bytes, file) -> bool:
    return head.startswith(b"\x89PNG\r\n\x1a\n")


def _jpeg(head: bytes, file) -> bool:
    return head.startswith(b"\xff\xd8\xff")


def _webp(head: bytes, file) -> bool:
    return head[:4] == b"RIFF" and head[8:12] == b"WEBP"


def _heic(head: bytes, file) -> bool:
    return head[4:8] == b"ftyp" and head[8:12] in HEIC_BRANDS


def _ole2(head: bytes, file) -> bool:
    return head.startswith(OLE2)


def _zip_with(member: str, head: bytes, file, *, mimetype: bytes | None = None) -> bool:
    """A ZIP container holding `member` (and, for OpenDocument, the right `mimetype`).

    Inspected within the core archive limits (UnsafeArchive past them): only the directory
    and at most a few hundred bytes of one member are ever inflated.
    """
    if not head.startswith(b"PK\x03\x04"):
        return False
    try:
        with open_zip(file, name=display_name(getattr(file, "name", "") or "")) as archive:
            if member not in archive.names():
                return False
            if mimetype is None:
                return True
            return archive.read("mimetype", max_bytes=MIMETYPE_MAX_BYTES).strip() == mimetype
    except UnsafeArchive as exc:
        # A MIME type longer than any real one is not OpenDocument, not a bomb to report.
        if exc.code == "member_too_large":
            return False
        raise
    except (KeyError, *UNREADABLE):
        return False


def _text(head: bytes, file) -> bool:
    if b"\x00" in head or head.startswith(EXECUTABLE_MAGIC):
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        # A multi-byte character cut off at the end of the sample is still text.
        if exc.start < len(head) - 4:
            try:
                head.decode("cp1252")
            except UnicodeDecodeError:
                return False
    return True


@dataclass(frozen=True)
class FileType:
    mime: str
    matches: Callable[[bytes, object], bool]


OOXML = partial(_zip_with, "[Content_Types].xml")
ODF_TEXT = partial(_zip_with, "mimetype", mimetype=b"application/vnd.oasis.opendocument.text")
ODF_SHEET = partial(
    _zip_with, "mimetype", mimetype=b"application/vnd.oasis.opendocument.spreadsheet"
)

ALLOWED_TYPES: dict[str, FileType] = {
    ".pdf": FileType("application/pdf", _pdf),
    ".jpg": FileType("image/jpeg", _jpeg),
    ".jpeg": FileType("image/jpeg", _jpeg),
    ".png": FileType("image/png", _png),
    ".webp": FileType("image/webp", _webp),
    ".heic": FileType("image/heic", _heic),
    ".heif": FileType("image/heif", _heic),
    ".doc": FileType("application/msword", _ole2),
    ".xls": FileType("application/vnd.ms-excel", _ole2),
    ".docx": FileType(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document", OOXML
    ),
    ".xlsx": FileType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", OOXML),
    ".odt": FileType("application/vnd.oasis.opendocument.text", ODF_TEXT),
    ".ods": FileType("application/vnd.oasis.opendocument.spreadsheet", ODF_SHEET),
    ".txt": FileType("text/plain", _text),
}


def max_bytes() -> int:
    return settings.DOCUMENT_MAX_MB * 1024 * 1024


def display_name(name: str) -> str:
    """The name as the user knows it, without any directory a browser may have sent."""
    name = os.path.basename(name.replace("\\", "/")).strip() or "document"
    stem, ext = os.path.splitext(name)
    return stem[: 255 - len(ext)] + ext


def check_upload(file) -> tuple[str, str]:
    """(display name, MIME type) of an acceptable upload; ValidationError on `file` otherwise."""
    name = display_name(file.name or "")
    ext = os.path.splitext(name)[1].lower()
    if file.size > max_bytes():
        raise ValidationError(
            {
                "file": _("“%(name)s” is %(size)s; files may be at most %(limit)s MB.")
                % {
                    "name": name,
                    "size": filesizeformat(file.size),
                    "limit": settings.DOCUMENT_MAX_MB,
                }
            }
        )
    if not file.size:
        raise ValidationError({"file": _("“%(name)s” is empty.") % {"name": name}})
    allowed = ", ".join(sorted(ext.lstrip(".") for ext in ALLOWED_TYPES))
    file_type = ALLOWED_TYPES.get(ext)
    if file_type is None:
        raise ValidationError(
            {
                "file": _("“%(name)s” is not a type you can upload here. Allowed: %(allowed)s.")
                % {"name": name, "allowed": allowed}
            }
        )
    file.seek(0)
    head = file.read(HEAD_BYTES)
    file.seek(0)
    try:
        matches = file_type.matches(head, file)
    except UnsafeArchive as exc:
        raise ValidationError({"file": exc.messages}) from None
    if not matches:
        raise ValidationError(
            {
                "file": _("“%(name)s” does not contain what its extension (%(ext)s) says.")
                % {"name": name, "ext": ext}
            }
        )
    return name, file_type.mime


def storage_path(office_id: int, name: str) -> str:
    """documents/<office>/<random>/<safe name>: nothing in it can be guessed or traverse."""
    stem, ext = os.path.splitext(name)
    try:
        safe = get_valid_filename(stem)[:80]
    except SuspiciousFileOperation:  # a name of only dots or symbols
        safe = ""
    return f"documents/{office_id}/{uuid.uuid4().hex}/{safe or 'document'}{ext.lower()}"

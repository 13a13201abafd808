"""ZIP files for tests, built byte by byte: decompression bombs and archives that lie.

A gibibyte of zeros is deflated once per mebibyte: a segment ending in a full flush starts
on a byte boundary and refers to nothing before it, so the same bytes repeated are a valid
stream of any length, built in milliseconds (compressing the gibibyte takes a quarter minute).
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass

MIB = 1024 * 1024
DEFLATED = 8
STORED = 0


@dataclass(frozen=True)
class Member:
    name: str
    data: bytes  # as stored in the archive (raw deflate for DEFLATED)
    size: int  # the uncompressed size the archive declares
    crc: int = 0
    method: int = DEFLATED


def member(name: str, content: bytes, *, method: int = DEFLATED) -> Member:
    """An honest member holding `content`."""
    if method == DEFLATED:
        compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
        data = compressor.compress(content) + compressor.flush()
    else:
        data = content
    return Member(name, data, len(content), zlib.crc32(content), method)


def zeros(name: str, mebibytes: int, *, declared: int | None = None) -> Member:
    """A member inflating to `mebibytes` MiB of zeros, declaring `declared` bytes (default:
    the truth). Its CRC is wrong: a reader that gets to the end has read too much anyway."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    segment = compressor.compress(bytes(MIB)) + compressor.flush(zlib.Z_FULL_FLUSH)
    final = zlib.compressobj(9, zlib.DEFLATED, -15).flush()  # an empty last block
    size = mebibytes * MIB if declared is None else declared
    return Member(name, segment * mebibytes + final, size)


def build_zip(*members: Member) -> bytes:
    """The archive: local headers and data, the central directory, its end record."""
    body = bytearray()
    directory = bytearray()
    for item in members:
        name = item.name.encode()
        offset = len(body)
        body += struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, 0, item.method, 0, 0,
                            item.crc, len(item.data), item.size, len(name), 0)  # fmt: skip
        body += name + item.data
        directory += struct.pack("<4s6H3L5H2L", b"PK\x01\x02", 20, 20, 0, item.method, 0, 0,
                                 item.crc, len(item.data), item.size, len(name), 0, 0, 0, 0, 0,
                                 offset)  # fmt: skip
        directory += name
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(members), len(members),
                      len(directory), len(body), 0)  # fmt: skip
    return bytes(body + directory + end)


def odt_bomb(mebibytes: int = 1024, *, declared: int | None = None) -> bytes:
    """An OpenDocument text whose first member, `mimetype`, inflates to `mebibytes` MiB."""
    return build_zip(
        zeros("mimetype", mebibytes, declared=declared),
        member("content.xml", b"<office:document-content/>"),
    )

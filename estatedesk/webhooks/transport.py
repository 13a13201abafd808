"""One signed POST to a webhook, with the standard library only.

The connection goes to an address the SSRF guard has just checked (never a second DNS lookup);
the Host header and, for https, SNI and certificate verification use the name from the URL.
Redirects are not followed, the response is read up to a cap, and every step has a timeout.
"""

from __future__ import annotations

import hashlib
import hmac
import http.client
import socket
import ssl
import time
from dataclasses import dataclass

from .guard import Target, UnsafeURL, check_url

CONNECT_TIMEOUT = 5.0  # seconds, to connect and for each read
TOTAL_TIMEOUT = 15.0  # seconds, for the whole response (a server that drips bytes is cut off)
MAX_RESPONSE_BYTES = 64 * 1024  # what is read of a response at most
EXCERPT_CHARS = 1000  # what is kept of it on the delivery
USER_AGENT = "EstateDesk-Webhooks/1"


@dataclass(frozen=True)
class Response:
    status: int | None  # None: no HTTP response at all
    body: bytes = b""
    error: str = ""
    truncated: bool = False

    @property
    def ok(self) -> bool:
        return self.status is not None and 200 <= self.status < 300

    @property
    def excerpt(self) -> str:
        return self.body.decode("utf-8", errors="replace")[:EXCERPT_CHARS]


def sign(secret: str, body: bytes) -> str:
    """The X-EstateDesk-Signature value: HMAC-SHA256 of the raw body with the secret."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


class _PinnedHTTPConnection(http.client.HTTPConnection):
    """Connects to a fixed, already checked address; the Host header keeps the URL's name."""

    def __init__(self, host: str, port: int, *, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self._address = address

    def connect(self) -> None:
        self.sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    """TLS to a fixed address, with SNI and certificate checks against the URL's host name."""

    def __init__(self, host: str, port: int, *, address: str, timeout: float,
                 context: ssl.SSLContext) -> None:  # fmt: skip
        super().__init__(host, port, timeout=timeout, context=context)
        self._address = address
        self._tls = context  # what the base class keeps as its private `_context`

    def connect(self) -> None:
        sock = socket.create_connection((self._address, self.port), self.timeout)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        server_hostname = self.host.strip("[]")
        self.sock = self._tls.wrap_socket(sock, server_hostname=server_hostname)


def ssl_context() -> ssl.SSLContext:
    """Certificates are verified against the system's CAs and the URL's host name."""
    return ssl.create_default_context()


def _connection(target: Target, address: str) -> http.client.HTTPConnection:
    if target.scheme == "https":
        return _PinnedHTTPSConnection(
            target.host, target.port, address=address, timeout=CONNECT_TIMEOUT,
            context=ssl_context(),
        )  # fmt: skip
    return _PinnedHTTPConnection(target.host, target.port, address=address, timeout=CONNECT_TIMEOUT)


def _read_capped(response: http.client.HTTPResponse, deadline: float) -> tuple[bytes, bool]:
    chunks: list[bytes] = []
    size = 0
    while size <= MAX_RESPONSE_BYTES:
        if time.monotonic() > deadline:
            break
        chunk = response.read1(min(16384, MAX_RESPONSE_BYTES + 1 - size))
        if not chunk:
            return b"".join(chunks), False
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)[:MAX_RESPONSE_BYTES], True


def post(url: str, body: bytes, headers: dict[str, str]) -> Response:
    """POST `body` to `url` after checking it again; never raises for network trouble."""
    try:
        target = check_url(url)
    except UnsafeURL as exc:
        return Response(status=None, error=f"Refused: {exc}")
    last_error = ""
    for address in target.addresses:
        connection = _connection(target, address)
        try:
            try:
                connection.connect()
            except OSError as exc:
                # Nothing was sent to this address: the next one (if any) may answer.
                last_error = f"Could not connect: {exc}"[:500]
                continue
            return _exchange(connection, target, body, headers)
        finally:
            connection.close()
    return Response(status=None, error=last_error or "No address to connect to")


def _exchange(connection: http.client.HTTPConnection, target: Target, body: bytes,
              headers: dict[str, str]) -> Response:  # fmt: skip
    deadline = time.monotonic() + TOTAL_TIMEOUT
    try:
        connection.request(
            "POST",
            target.path,
            body=body,
            headers={**headers, "User-Agent": USER_AGENT, "Connection": "close"},
        )
        response = connection.getresponse()
        data, truncated = _read_capped(response, deadline)
    except (OSError, http.client.HTTPException) as exc:
        return Response(status=None, error=f"{type(exc).__name__}: {exc}"[:500])
    status = response.status
    error = ""
    if 300 <= status < 400:
        location = response.getheader("Location", "") or ""
        error = f"Redirect not followed (HTTP {status} to {location[:200]})"
    elif not 200 <= status < 300:
        error = f"HTTP {status}"
    return Response(status=status, body=data, error=error, truncated=truncated)

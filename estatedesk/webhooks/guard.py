"""The SSRF guard: a webhook may only reach public addresses, checked at save and at send time.

A URL is refused when its host is, or resolves to, any address that is not public: loopback,
private (RFC 1918, fc00::/7), link-local (169.254/16 with the cloud metadata address,
fe80::/10), unspecified, multicast, reserved, shared (CGNAT 100.64/10), documentation, and
IPv6 forms that embed such an IPv4 address (IPv4-mapped, 6to4, NAT64). Hosts are read the way
the C library reads them, so `0177.0.0.1`, `2130706433`, `0x7f.1` and `127.1` are loopback too.
Every address a name resolves to must pass; the sender then connects to the checked address
itself, never resolving the name again (DNS rebinding). Only with the setting
`WEBHOOKS_ALLOW_PRIVATE_HOSTS = True` (development, tests) are non-public addresses allowed.
"""

from __future__ import annotations

import ipaddress
import re
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext as _

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

SHARED_ADDRESS_SPACE = ipaddress.ip_network("100.64.0.0/10")
NAT64 = ipaddress.ip_network("64:ff9b::/96")
# A host made only of these is a number to the C library (octal, hex, shortened forms).
NUMERIC_HOST = re.compile(r"^[0-9a-fx.]+$", re.IGNORECASE)
MAX_URL_LENGTH = 2000


class UnsafeURL(Exception):
    """The URL may not be used; the message says why, for the person who typed it."""


@dataclass(frozen=True)
class Target:
    """A vetted URL: where to connect (`addresses`, already checked) and what to ask for."""

    scheme: str
    host: str  # as typed (IDNA-encoded), for the Host header and TLS SNI
    port: int
    path: str  # path and query
    addresses: tuple[str, ...]


def private_hosts_allowed() -> bool:
    return bool(getattr(settings, "WEBHOOKS_ALLOW_PRIVATE_HOSTS", False))


def is_public(ip: IPAddress) -> bool:
    """Whether an address is one a webhook may reach."""
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = ip.ipv4_mapped or ip.sixtofour
        if embedded is None and ip in NAT64:
            embedded = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
        if embedded is None and ip.teredo:
            embedded = ip.teredo[1]
        if embedded is not None and not is_public(embedded):
            return False
    if isinstance(ip, ipaddress.IPv4Address) and ip in SHARED_ADDRESS_SPACE:
        return False
    bad = (
        ip.is_loopback
        or ip.is_private
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
    )
    if isinstance(ip, ipaddress.IPv6Address) and ip.is_site_local:
        bad = True
    return ip.is_global and not bad


def ip_literal(host: str) -> IPAddress | None:
    """The address a host names by itself (in any spelling the C library accepts), or None."""
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        pass
    if NUMERIC_HOST.match(host):
        try:
            # inet_aton reads 0177.0.0.1, 2130706433, 0x7f.1 and 127.1 as 127.0.0.1.
            return ipaddress.IPv4Address(socket.inet_aton(host))
        except OSError:
            return None
    return None


def resolve(host: str, port: int) -> list[IPAddress]:
    """Every address `host` resolves to (IPv4 and IPv6)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise UnsafeURL(_("The host name could not be resolved.")) from exc
    addresses: list[IPAddress] = []
    for _family, _type, _proto, _canon, sockaddr in infos:
        text = str(sockaddr[0]).split("%", 1)[0]  # drop an IPv6 zone (fe80::1%eth0)
        try:
            ip = ipaddress.ip_address(text)
        except ValueError as exc:
            message = _("The host name resolved to something that is not an address.")
            raise UnsafeURL(message) from exc
        if ip not in addresses:
            addresses.append(ip)
    if not addresses:
        raise UnsafeURL(_("The host name could not be resolved."))
    return addresses


def check_url(url: str) -> Target:
    """Parse, resolve and check a webhook URL; raises UnsafeURL with the reason.

    Call it at save time and again right before every send: what it returns is where to connect.
    """
    url = (url or "").strip()
    if not url or len(url) > MAX_URL_LENGTH or any(ord(c) <= 32 or ord(c) == 127 for c in url):
        raise UnsafeURL(_("Enter a valid URL."))
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise UnsafeURL(_("Enter a valid URL.")) from exc
    if parts.scheme not in ("http", "https"):
        raise UnsafeURL(_("Only http:// and https:// addresses can be used."))
    if "@" in parts.netloc or parts.username is not None or parts.password is not None:
        raise UnsafeURL(_("An address with a user name or password in it cannot be used."))
    host = (parts.hostname or "").rstrip(".")
    if not host:
        raise UnsafeURL(_("Enter a valid URL."))
    if port is None:
        port = 443 if parts.scheme == "https" else 80
    if not 0 < port < 65536:
        raise UnsafeURL(_("Enter a valid URL."))

    literal = ip_literal(host)
    if literal is not None:
        addresses = [literal]
        host_header = f"[{literal}]" if literal.version == 6 else str(literal)
    else:
        try:
            host_header = host.encode("idna").decode("ascii")
        except UnicodeError as exc:
            raise UnsafeURL(_("Enter a valid URL.")) from exc
        addresses = resolve(host_header, port)

    if not private_hosts_allowed():
        for ip in addresses:
            if not is_public(ip):
                raise UnsafeURL(
                    _("%(host)s is not a public address (%(ip)s): webhooks may only call "
                      "public addresses.") % {"host": host, "ip": ip}
                )  # fmt: skip
    path = parts.path or "/"
    if parts.query:
        path = f"{path}?{parts.query}"
    return Target(
        scheme=parts.scheme,
        host=host_header,
        port=port,
        path=path,
        addresses=tuple(str(ip) for ip in addresses),
    )

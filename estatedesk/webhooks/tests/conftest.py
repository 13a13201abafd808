import ipaddress
import socket
from unittest import mock

import pytest

from .receiver import Receiver


@pytest.fixture
def receiver():
    server = Receiver().start()
    yield server
    server.stop()


@pytest.fixture
def allow_private(settings):
    """The receiver listens on 127.0.0.1: allow it, as development and tests do."""
    settings.WEBHOOKS_ALLOW_PRIVATE_HOSTS = True
    return settings


@pytest.fixture
def fake_dns():
    """Names resolve as the test says (`fake_dns["name"] = "1.2.3.4"`); others really resolve.

    Records each name looked up, to show the sender does not resolve a second time.
    """
    table: dict[str, list[str]] = {}
    lookups: list[str] = []
    real = socket.getaddrinfo

    def getaddrinfo(host, port, *args, **kwargs):
        lookups.append(host)
        if host in table:
            return [
                (
                    socket.AF_INET6 if ":" in ip else socket.AF_INET,
                    socket.SOCK_STREAM,
                    6,
                    "",
                    (ip, port, 0, 0) if ":" in ip else (ip, port),
                )
                for ip in table[host]
            ]
        try:
            ipaddress.ip_address(str(host).split("%")[0])
        except ValueError:
            raise socket.gaierror(socket.EAI_NONAME, "not in the test's DNS") from None
        return real(host, port, *args, **kwargs)

    class Table(dict):
        def __setitem__(self, name, value):
            table[name] = [value] if isinstance(value, str) else list(value)

    with mock.patch("socket.getaddrinfo", side_effect=getaddrinfo):
        fake = Table()
        fake.lookups = lookups
        yield fake

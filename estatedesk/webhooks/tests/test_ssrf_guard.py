"""The SSRF guard refuses every spelling of a non-public address, at save and at send time."""

import pytest
from django.urls import reverse

from estatedesk.webhooks import deliveries, services
from estatedesk.webhooks.choices import DeliveryStatus
from estatedesk.webhooks.guard import UnsafeURL, check_url
from estatedesk.webhooks.models import Delivery, Webhook

from .factories import WebhookFactory

pytestmark = pytest.mark.django_db

REFUSED = [
    "http://127.0.0.1/",
    "http://localhost/",
    "http://0177.0.0.1/",  # octal
    "http://2130706433/",  # one decimal number
    "http://0x7f.1/",  # hex, shortened
    "http://0x7f000001/",
    "http://127.1/",  # shortened
    "http://[::1]/",
    "http://[::ffff:127.0.0.1]/",  # IPv4-mapped IPv6
    "http://[::ffff:7f00:1]/",
    "http://[::]/",
    "http://0.0.0.0/",
    "http://0/",
    "http://10.0.0.5/",
    "http://172.16.3.4/",
    "http://192.168.1.1/",
    "http://[fc00::1]/",
    "http://[fd12:3456::1]/",
    "http://169.254.169.254/latest/meta-data/",  # cloud metadata
    "http://169.254.1.1/",
    "http://[fe80::1]/",
    "http://100.64.0.1/",  # CGNAT
    "http://224.0.0.1/",  # multicast
    "http://[ff02::1]/",
    "http://240.0.0.1/",  # reserved
    "http://255.255.255.255/",
    "http://192.0.2.10/",  # documentation
    "http://[2002:7f00:1::]/",  # 6to4 around 127.0.0.1
    "http://[64:ff9b::a00:1]/",  # NAT64 around 10.0.0.1
    "http://[::ffff:169.254.169.254]/",
]


@pytest.mark.parametrize("url", REFUSED)
def test_non_public_addresses_are_refused_in_every_spelling(url, fake_dns):
    with pytest.raises(UnsafeURL):
        check_url(url)


@pytest.mark.parametrize(
    "url",
    [
        "ftp://hooks.example.com/",
        "file:///etc/passwd",
        "gopher://hooks.example.com/",
        "http://user:pass@hooks.example.com/",
        "http://user@hooks.example.com/",
        "https://hooks.example.com:99999/",
        "http://",
        "hooks.example.com/path",
        "http://hooks.example.com/a b",
    ],
)
def test_only_plain_http_and_https_urls_are_accepted(url, fake_dns):
    fake_dns["hooks.example.com"] = "93.184.216.34"
    with pytest.raises(UnsafeURL):
        check_url(url)


def test_a_public_address_is_accepted_and_becomes_the_address_to_connect_to(fake_dns):
    fake_dns["hooks.example.com"] = ["93.184.216.34", "2606:2800:220:1::1"]
    target = check_url("https://hooks.example.com:8443/in?x=1")
    assert target.addresses == ("93.184.216.34", "2606:2800:220:1::1")
    assert (target.scheme, target.host, target.port, target.path) == (
        "https", "hooks.example.com", 8443, "/in?x=1",
    )  # fmt: skip


def test_a_name_resolving_to_loopback_is_refused(fake_dns):
    fake_dns["evil.example.com"] = "127.0.0.1"
    with pytest.raises(UnsafeURL, match="not a public address"):
        check_url("https://evil.example.com/hook")


def test_a_name_with_one_private_address_among_public_ones_is_refused(fake_dns):
    fake_dns["mixed.example.com"] = ["93.184.216.34", "10.1.2.3"]
    with pytest.raises(UnsafeURL):
        check_url("https://mixed.example.com/hook")


def test_a_name_that_does_not_resolve_is_refused(fake_dns):
    with pytest.raises(UnsafeURL, match="could not be resolved"):
        check_url("https://nowhere.invalid/hook")


def test_private_hosts_are_allowed_only_with_the_setting(fake_dns, settings):
    settings.WEBHOOKS_ALLOW_PRIVATE_HOSTS = True
    assert check_url("http://127.0.0.1:8000/hook").addresses == ("127.0.0.1",)
    with pytest.raises(UnsafeURL):
        check_url("ftp://127.0.0.1/")  # the scheme rule stays


# --- at save time ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url", ["http://0177.0.0.1/", "http://[::ffff:127.0.0.1]/", "https://evil.example.com/"]
)
def test_saving_a_webhook_to_a_private_address_is_an_error_on_the_url_field(
    url, fake_dns, as_admin
):
    fake_dns["evil.example.com"] = "127.0.0.1"
    response = as_admin.post(
        reverse("webhooks:create"), {"url": url, "events": ["lead.created"], "is_active": "on"}
    )
    assert response.status_code == 422
    assert "not a public address" in " ".join(response.context["form"].errors["url"])
    assert not Webhook.objects.exists()


def test_the_service_refuses_a_private_address_naming_the_url_field(admin, fake_dns):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as caught:
        services.webhook_create(actor=admin, url="http://2130706433/", events=["lead.created"])
    assert set(caught.value.message_dict) == {"url"}


# --- at send time -----------------------------------------------------------------------------


def test_a_name_that_resolves_to_loopback_at_send_time_is_not_called(admin, receiver, fake_dns):
    # Given a webhook saved while its name resolved to a public address
    fake_dns["rebind.example.com"] = "93.184.216.34"
    webhook = services.webhook_create(
        actor=admin, url=f"http://rebind.example.com:{receiver.port}/hook", events=["lead.created"]
    )
    delivery = Delivery.objects.create(
        office=admin.office, webhook=webhook, event="lead.created", payload={},
        next_attempt_at=webhook.created_at,
    )  # fmt: skip

    # When the name points at 127.0.0.1 by the time the worker sends (DNS rebinding)
    fake_dns["rebind.example.com"] = "127.0.0.1"
    outcome = deliveries.delivery_send(delivery.pk)

    # Then nothing reaches the receiver listening there, and the delivery failed with the reason
    assert outcome == deliveries.Outcome.FAILED
    assert receiver.requests == []
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.FAILED
    assert "not a public address" in delivery.last_error


@pytest.mark.parametrize("url", ["http://0x7f.1:{port}/hook", "http://[::ffff:127.0.0.1]:{port}/"])
def test_a_webhook_stored_with_a_private_address_is_refused_at_send_time(
    admin, receiver, fake_dns, url
):
    webhook = WebhookFactory(office=admin.office, url=url.format(port=receiver.port))
    delivery = Delivery.objects.create(
        office=admin.office, webhook=webhook, event="lead.created", payload={},
        next_attempt_at=webhook.created_at,
    )  # fmt: skip
    assert deliveries.delivery_send(delivery.pk) == deliveries.Outcome.FAILED
    assert receiver.requests == []


def test_the_sender_connects_to_the_checked_address_without_resolving_again(
    admin, receiver, fake_dns, allow_private
):
    # Given a name that resolves to the receiver's address
    fake_dns["hooks.internal.test"] = "127.0.0.1"
    webhook = WebhookFactory(
        office=admin.office, url=f"http://hooks.internal.test:{receiver.port}/in"
    )
    delivery = Delivery.objects.create(
        office=admin.office, webhook=webhook, event="lead.created", payload={},
        next_attempt_at=webhook.created_at,
    )  # fmt: skip
    fake_dns.lookups.clear()

    # When it is sent
    assert deliveries.delivery_send(delivery.pk) == deliveries.Outcome.SUCCEEDED

    # Then the name was looked up once (by the guard), and the request still names the host
    assert fake_dns.lookups.count("hooks.internal.test") == 1
    assert receiver.requests[0].headers["Host"] == f"hooks.internal.test:{receiver.port}"
    assert receiver.requests[0].path == "/in"


@pytest.fixture
def tls_receiver(tmp_path):
    """A receiver on 127.0.0.1 speaking TLS with a certificate for hooks.internal.test only."""
    import shutil
    import ssl
    import subprocess

    from .receiver import Receiver

    openssl = shutil.which("openssl")
    if openssl is None:
        pytest.skip("needs the openssl command to make a test certificate")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    name = "hooks.internal.test"
    subprocess.run(  # noqa: S603 - a fixed command line, no outside input
        [openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-subj", f"/CN={name}", "-addext", f"subjectAltName=DNS:{name}",
         "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )  # fmt: skip
    server_context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_context.load_cert_chain(cert, key)
    server = Receiver(tls=server_context).start()
    server.cafile = str(cert)
    yield server
    server.stop()


def test_https_connects_to_the_checked_address_and_verifies_the_certificate_by_name(
    admin, tls_receiver, fake_dns, allow_private, monkeypatch
):
    import ssl

    from estatedesk.webhooks import transport

    monkeypatch.setattr(
        transport, "ssl_context", lambda: ssl.create_default_context(cafile=tls_receiver.cafile)
    )
    fake_dns["hooks.internal.test"] = "127.0.0.1"
    fake_dns["other.internal.test"] = "127.0.0.1"
    port = tls_receiver.port

    # The certificate's name: verified, while the connection goes to the checked address
    good = transport.post(f"https://hooks.internal.test:{port}/in", b"{}", {})
    assert good.ok, good.error
    assert tls_receiver.requests[0].headers["Host"] == f"hooks.internal.test:{port}"

    # Another name on the same address: the certificate does not match, nothing is sent
    bad = transport.post(f"https://other.internal.test:{port}/in", b"{}", {})
    assert bad.status is None
    assert "certificate" in bad.error.lower()
    assert len(tls_receiver.requests) == 1

"""“Forgot password” for portal clients: links on the configured site address whatever Host
the request names, the same answer for any address, throttled as for staff."""

import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse

from estatedesk.accounts import throttling

pytestmark = pytest.mark.django_db

BASE = "https://portal.example.org"


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()


@pytest.fixture
def ann_with_password(ann):
    ann.user.set_password("a-long-client-password")
    ann.user.save()
    return ann


def ask(client, email, **extra):
    return client.post(reverse("portal:password_reset"), {"email": email}, **extra)


@override_settings(ESTATEDESK_BASE_URL=BASE, ALLOWED_HOSTS=["testserver", "evil.example"])
def test_the_link_uses_the_site_address_not_a_forged_host(client, ann_with_password):
    response = ask(client, "ann@example.net", HTTP_HOST="evil.example")

    assert response["Location"] == reverse("portal:password_reset_sent")
    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+", mail.outbox[0].body).group(0)
    assert link.startswith(f"{BASE}/portal/reset/")
    assert "evil.example" not in mail.outbox[0].body


def test_the_link_sets_a_new_password(client, ann_with_password):
    ask(client, "ann@example.net")
    path = re.search(r"https?://[^/]+(/\S+)", mail.outbox[0].body).group(1)

    form = client.get(path, follow=True)
    response = client.post(form.redirect_chain[-1][0], {
        "new_password1": "another-long-password-7", "new_password2": "another-long-password-7",
    })  # fmt: skip

    assert response["Location"] == reverse("portal:password_reset_complete")
    ann_with_password.user.refresh_from_db()
    assert ann_with_password.user.check_password("another-long-password-7")


def test_known_and_unknown_addresses_get_the_same_answer(client, ann_with_password):
    known = ask(client, "ann@example.net")
    unknown = ask(client, "nobody@example.net")

    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
    assert [m.to for m in mail.outbox] == [["ann@example.net"]]


def test_a_staff_address_gets_no_portal_link(client, alice):
    alice.set_password("a-long-staff-password")
    alice.save()

    response = ask(client, "alice@example.com")

    assert response["Location"] == reverse("portal:password_reset_sent")
    assert mail.outbox == []


def test_reset_requests_are_throttled_like_the_staffs(client, ann_with_password):
    for _ in range(throttling.RESET_REQUESTS_PER_ADDRESS):
        ask(client, "nobody@example.net")

    response = ask(client, "ann@example.net")

    assert response.status_code == 429
    assert mail.outbox == []

"""Two-factor sign-in: enrolment, the code step of logging in, recovery codes, office-required."""

import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from estatedesk.accounts import two_factor

pytestmark = pytest.mark.django_db

PASSWORD = "secret-pass-123"  # what UserFactory gives everyone
LOGIN_URL = reverse("accounts:login")
VERIFY_URL = reverse("accounts:two_factor_verify")
SETUP_URL = reverse("accounts:two_factor_setup")
HOME = reverse("contacts:contact_list")


def current_code(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return str(totp.token()).zfill(device.digits)


def log_in(client: Client, email: str, password: str = PASSWORD, **extra):
    return client.post(LOGIN_URL, {"username": email, "password": password, **extra})


def enrol(user) -> list[str]:
    """Give `user` a confirmed authenticator and recovery codes, as the setup page does."""
    device = TOTPDevice.objects.create(user=user, name="Authenticator", confirmed=True)
    assert device.pk
    return two_factor.recovery_codes_replace(user=user)


def test_enrolment_shows_a_qr_code_and_secret_and_a_code_turns_it_on(client, alice):
    # Given Alice, logged in with her password and no two-factor yet
    assert log_in(client, "alice@example.com")["Location"] == HOME

    # When she opens the set-up page, it shows a QR code (inline SVG) and the secret as text
    page = client.get(SETUP_URL)
    html = page.content.decode()
    assert page.status_code == 200
    assert "<svg" in html
    assert page["Cache-Control"] == "no-store"
    device = TOTPDevice.objects.get(user=alice, confirmed=False)
    assert two_factor.secret_base32(device) in html
    # Reloading keeps the same secret (the app may have scanned the first one)
    client.get(SETUP_URL)
    assert TOTPDevice.objects.filter(user=alice).count() == 1

    # A wrong code does not turn it on
    assert client.post(SETUP_URL, {"code": "000000"}).status_code == 422
    assert not two_factor.has_two_factor(alice)
    # (django-otp makes the device wait a second after a wrong code: as if it had passed)
    device.refresh_from_db()
    device.throttle_reset()

    # When she types the code her app shows, it is on and ten recovery codes are shown once
    response = client.post(SETUP_URL, {"code": current_code(device)})
    assert response.status_code == 200
    codes = re.findall(r"<li><code>([a-z2-7]+)</code></li>", response.content.decode())
    assert len(codes) == 10
    assert two_factor.has_two_factor(alice)
    assert two_factor.recovery_codes_left(alice) == 10
    # And the session she enrolled in counts as verified
    assert client.get(HOME).status_code == 200


def test_login_asks_for_the_code_after_the_password(alice):
    enrol(alice)
    device = TOTPDevice.objects.get(user=alice)
    browser = Client()

    # The right password leads to the code step, not in
    response = log_in(browser, "alice@example.com", next="/leads/")
    assert response.status_code == 302
    assert response["Location"].startswith(VERIFY_URL)

    # Until the code is given, every page sends her back to the code step; the API refuses
    response = browser.get("/leads/")
    assert response.status_code == 302
    assert response["Location"].startswith(VERIFY_URL)
    assert browser.get("/api/contacts/", HTTP_ACCEPT="application/json").status_code == 403
    assert browser.get(reverse("api:tokens")).status_code == 302

    # With the code from her app she is in, and lands where she was going
    response = browser.post(VERIFY_URL, {"code": current_code(device), "next": "/leads/"})
    assert response.status_code == 302
    assert response["Location"] == "/leads/"
    assert browser.get("/leads/").status_code == 200


def test_a_recovery_code_works_once(alice):
    codes = enrol(alice)

    first = Client()
    log_in(first, "alice@example.com")
    response = first.post(VERIFY_URL, {"code": codes[0].upper()})
    assert response.status_code == 302
    assert first.get(HOME).status_code == 200
    assert two_factor.recovery_codes_left(alice) == 9

    second = Client()
    log_in(second, "alice@example.com")
    response = second.post(VERIFY_URL, {"code": codes[0]})
    assert response.status_code == 200
    assert "was already used" in response.content.decode()
    assert second.get(HOME).status_code == 302


def test_wrong_codes_are_refused_and_then_throttled(alice):
    enrol(alice)
    attacker = Client(REMOTE_ADDR="198.51.100.7")
    # Given an attacker who knows Alice's password
    assert log_in(attacker, "alice@example.com")["Location"].startswith(VERIFY_URL)

    # Wrong codes are refused
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        response = attacker.post(VERIFY_URL, {"code": "123456"})
        assert response.status_code == 200
        assert attacker.get(HOME).status_code == 302

    # Then the address must wait: 429 with Retry-After, even for a code that might be right
    response = attacker.post(VERIFY_URL, {"code": "654321"})
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    # Giving the password again does not reset the wait
    log_in(attacker, "alice@example.com")
    assert attacker.post(VERIFY_URL, {"code": "654321"}).status_code == 429


def test_office_that_requires_two_factor_sends_an_unenrolled_user_to_enrolment(office, alice):
    office.require_two_factor = True
    office.save()
    browser = Client()

    # The password leads to enrolment, and nothing else opens until she has enrolled
    response = log_in(browser, "alice@example.com")
    assert response["Location"].startswith(SETUP_URL)
    for page in (HOME, reverse("api:tokens"), reverse("accounts:security")):
        response = browser.get(page)
        assert response.status_code == 302
        assert response["Location"].startswith(SETUP_URL)

    # Once enrolled, she is in
    browser.get(SETUP_URL)
    device = TOTPDevice.objects.get(user=alice)
    assert browser.post(SETUP_URL, {"code": current_code(device)}).status_code == 200
    assert browser.get(HOME).status_code == 200


def test_requirement_turned_on_reaches_sessions_already_open(office, alice, as_alice):
    assert as_alice.get(HOME).status_code == 200
    office.require_two_factor = True
    office.save()
    response = as_alice.get(HOME)
    assert response.status_code == 302
    assert response["Location"].startswith(SETUP_URL)


def test_administrator_requires_two_factor_on_the_office_page(as_admin, office):
    page = as_admin.get(reverse("setup:office"))
    assert 'name="require_two_factor"' in page.content.decode()
    data = {
        "name": office.name, "country": office.country, "phone_region": office.phone_region,
        "currency": office.currency, "timezone": office.timezone, "language": office.language,
        "require_two_factor": "on",
    }  # fmt: skip
    assert as_admin.post(reverse("setup:office"), data).status_code == 302
    office.refresh_from_db()
    assert office.require_two_factor


def test_security_page_regenerates_codes_and_turns_two_factor_off_with_the_password(alice):
    old_codes = enrol(alice)
    browser = Client()
    log_in(browser, "alice@example.com")
    browser.post(VERIFY_URL, {"code": old_codes[0]})

    page = browser.get(reverse("accounts:security"))
    assert "9 unused recovery codes" in page.content.decode()

    # New recovery codes replace the old ones
    response = browser.post(reverse("accounts:recovery_codes"))
    assert response["Cache-Control"] == "no-store"
    assert not StaticToken.objects.filter(token=old_codes[1]).exists()
    assert two_factor.recovery_codes_left(alice) == 10

    # Turning it off needs the password
    browser.post(reverse("accounts:two_factor_disable"), {"password": "wrong"})
    assert two_factor.has_two_factor(alice)
    browser.post(reverse("accounts:two_factor_disable"), {"password": PASSWORD})
    assert not two_factor.has_two_factor(alice)
    assert log_in(Client(), "alice@example.com")["Location"] == HOME


def test_two_factor_cannot_be_turned_off_when_the_office_requires_it(office, alice):
    codes = enrol(alice)
    office.require_two_factor = True
    office.save()
    browser = Client()
    log_in(browser, "alice@example.com")
    browser.post(VERIFY_URL, {"code": codes[0]})
    browser.post(reverse("accounts:two_factor_disable"), {"password": PASSWORD})
    assert two_factor.has_two_factor(alice)


def test_api_tokens_are_not_asked_for_a_code(office, alice, alice_api):
    enrol(alice)
    office.require_two_factor = True
    office.save()
    assert alice_api.get("/api/contacts/").status_code == 200


def test_half_logged_in_page_shows_no_navigation_and_fragments_are_refused(alice):
    enrol(alice)
    browser = Client()
    log_in(browser, "alice@example.com")

    page = browser.get(VERIFY_URL).content.decode()
    assert reverse("contacts:lead_list") not in page
    # The navigation's badge fragment (htmx) would swap the whole code page into itself
    response = browser.get(reverse("activities:nav_badges"), HTTP_HX_REQUEST="true")
    assert response.status_code == 403
    assert response.content == b""

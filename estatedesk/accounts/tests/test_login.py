"""Logging in and out, throttling, safe redirects, ended sessions, changing a password."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from estatedesk.accounts.models import LoginFailure

pytestmark = pytest.mark.django_db

PASSWORD = "secret-pass-123"  # what UserFactory gives everyone
THROTTLED = "Too many failed logins. Wait a few minutes and try again."
WRONG = "Wrong e-mail address or password."
LOGIN_URL = reverse("accounts:login")
HOME = reverse("contacts:contact_list")  # where a login without `next` lands


def log_in(client: Client, email: str, password: str = PASSWORD, **extra):
    return client.post(LOGIN_URL, {"username": email, "password": password, **extra})


def is_logged_in(client: Client) -> bool:
    return client.get(HOME).status_code == 200


def test_user_logs_in_with_email_in_any_case(client, alice):
    response = log_in(client, "Alice@Example.COM")
    assert response.status_code == 302
    assert response["Location"] == HOME
    assert is_logged_in(client)


def test_wrong_password_is_refused_with_a_message(client, alice):
    response = log_in(client, "alice@example.com", "not-it")
    assert response.status_code == 200
    assert WRONG in response.content.decode()
    assert not is_logged_in(client)


ADDRESS_A = "198.51.100.7"
ADDRESS_B = "203.0.113.20"


def from_address(address: str) -> Client:
    return Client(REMOTE_ADDR=address)


def time_passes(seconds: int) -> None:
    """Move every recorded failure back in time, as if `seconds` had gone by."""
    for failure in LoginFailure.objects.all():
        failure.at -= timedelta(seconds=seconds)
        failure.save(update_fields=["at"])


def fail_logins(client: Client, email: str, times: int) -> None:
    for _ in range(times):
        response = log_in(client, email, "guess")
        assert response.status_code == 200
        assert WRONG in response.content.decode()


def test_too_many_failures_answer_429_even_to_the_right_password(alice, bob):
    # Given as many wrong passwords for Alice from address A as are free
    attacker = from_address(ADDRESS_A)
    fail_logins(attacker, "alice@example.com", settings.LOGIN_FAILURE_LIMIT)

    # When the right password comes next from A, it is refused with 429 and Retry-After
    response = log_in(attacker, "ALICE@example.com")
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    html = response.content.decode()
    assert THROTTLED in html
    assert WRONG not in html
    assert not is_logged_in(attacker)

    # Bob, from the same address, is not slowed down by Alice's failures
    assert log_in(from_address(ADDRESS_A), "bob@example.com").status_code == 302


def test_failures_from_one_address_do_not_lock_the_user_out_from_another(alice):
    # Given an attacker at A who has made Alice's account wait
    attacker = from_address(ADDRESS_A)
    fail_logins(attacker, "alice@example.com", settings.LOGIN_FAILURE_LIMIT)
    assert log_in(attacker, "alice@example.com", "guess").status_code == 429

    # Then Alice, typing her password at once from her own address B, gets in
    alice_browser = from_address(ADDRESS_B)
    assert log_in(alice_browser, "alice@example.com").status_code == 302
    assert is_logged_in(alice_browser)

    # And the attacker at A still has to wait
    assert log_in(attacker, "alice@example.com", "guess").status_code == 429


def test_account_back_off_slows_every_failing_address(alice):
    # Given failures for Alice spread over many addresses, none past its own allowance
    for n in range(settings.LOGIN_FAILURE_LIMIT):
        fail_logins(from_address(f"192.0.2.{n + 1}"), "alice@example.com", 1)

    # Then an address that has failed before must wait for Alice's account
    assert log_in(from_address("192.0.2.1"), "alice@example.com", "guess").status_code == 429
    # While a clean address still has its password checked (and a right one gets in)
    assert log_in(from_address(ADDRESS_B), "alice@example.com").status_code == 302


def test_back_off_grows_with_every_failure(alice):
    attacker = from_address(ADDRESS_A)
    fail_logins(attacker, "alice@example.com", settings.LOGIN_FAILURE_LIMIT)
    waits = []
    for _ in range(3):
        response = log_in(attacker, "alice@example.com", "guess")
        assert response.status_code == 429
        waits.append(int(response["Retry-After"]))
        # When the wait is over, the next guess is checked (and fails), and the wait doubles
        time_passes(waits[-1] + 1)
        fail_logins(attacker, "alice@example.com", 1)
    assert waits[0] < waits[1] < waits[2]
    assert waits[1] >= 2 * waits[0] - 1


def test_many_failures_from_one_address_slow_that_address_for_every_account(alice, bob):
    attacker = from_address(ADDRESS_A)
    limit = settings.LOGIN_FAILURE_LIMIT * 4
    for n in range(limit):
        fail_logins(attacker, f"nobody{n}@example.com", 1)
    assert log_in(attacker, "bob@example.com").status_code == 429
    # Another address is not affected
    assert log_in(from_address(ADDRESS_B), "bob@example.com").status_code == 302


def test_failures_below_the_limit_do_not_lock_out_and_a_success_clears_them(client, alice):
    for _ in range(settings.LOGIN_FAILURE_LIMIT - 1):
        log_in(client, "alice@example.com", "guess")
    assert log_in(client, "alice@example.com").status_code == 302
    assert not LoginFailure.objects.filter(email="alice@example.com").exists()


def test_a_success_after_the_wait_clears_the_back_off(alice):
    browser = from_address(ADDRESS_A)
    fail_logins(browser, "alice@example.com", settings.LOGIN_FAILURE_LIMIT)
    assert log_in(browser, "alice@example.com").status_code == 429
    time_passes(3600)
    assert log_in(browser, "alice@example.com").status_code == 302
    # Then a later mistake from A is checked at once, not slowed
    assert log_in(from_address(ADDRESS_A), "alice@example.com", "guess").status_code == 200


def test_login_page_passes_next_on(client):
    response = client.get(LOGIN_URL, {"next": "/leads/"})
    assert 'name="next" value="/leads/"' in response.content.decode()


# `/contacts/` is also the default landing page, so pages other than it show `next` is followed.
@pytest.mark.parametrize("target", ["/leads/", "/relations/?q=acme", "/setup/"])
def test_next_inside_the_site_is_followed(client, admin, target):
    response = log_in(client, "admin@example.com", next=target)
    assert response.status_code == 302
    assert response["Location"] == target


@pytest.mark.parametrize(
    "target",
    ["https://evil.example/", "//evil.example/contacts/", "https://evil.example/contacts/",
     "http:///evil.example/"],
)  # fmt: skip
def test_next_outside_the_site_lands_on_the_default_page(client, alice, target):
    response = log_in(client, "alice@example.com", next=target)
    assert response.status_code == 302
    assert response["Location"] == HOME


def test_deactivated_users_session_stops_working_at_once(as_admin, alice):
    # Given Alice, logged in through the login page
    alice_browser = Client()
    assert log_in(alice_browser, "alice@example.com").status_code == 302
    assert is_logged_in(alice_browser)

    # When the administrator deactivates her under Setup
    as_admin.post(reverse("setup:user_active", args=[alice.pk]), {"active": "0"})

    # Then her very next request is sent to the login page, and she cannot log in again
    response = alice_browser.get(HOME)
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN_URL)
    assert log_in(Client(), "alice@example.com").status_code == 200


def test_logout_ends_the_session(client, alice):
    log_in(client, "alice@example.com")
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert response["Location"] == LOGIN_URL
    response = client.get(HOME)
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN_URL)


def test_change_password_keeps_the_session_and_replaces_the_old_password(client, alice):
    log_in(client, "alice@example.com")
    new = "Canal-boat-sunrise-77"
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_change_done")
    assert is_logged_in(client)
    assert log_in(Client(), "alice@example.com", new).status_code == 302
    assert log_in(Client(), "alice@example.com", PASSWORD).status_code == 200


def test_change_password_needs_the_old_one(client, alice):
    log_in(client, "alice@example.com")
    new = "Canal-boat-sunrise-77"
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": "wrong", "new_password1": new, "new_password2": new},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["old_password"]
    alice.refresh_from_db()
    assert alice.check_password(PASSWORD)


def test_throttle_by_address_uses_the_trusted_proxys_client_address(settings, rf):
    from estatedesk.accounts.forms import client_ip

    request = rf.get("/", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9", REMOTE_ADDR="10.0.0.2")
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request) == "10.0.0.2"
    settings.TRUSTED_PROXY_COUNT = 1
    # The client may forge the left part; the proxy appended the real address on the right.
    assert client_ip(request) == "203.0.113.9"


def test_short_login_address_leads_to_the_login_page_keeping_next(client):
    response = client.get("/login/?next=/leads/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/leads/"

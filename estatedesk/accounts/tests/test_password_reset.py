"""“Forgot password” for staff: one answer for every address, links on the site address."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from estatedesk.accounts import throttling

pytestmark = pytest.mark.django_db

RESET_URL = reverse("accounts:password_reset")
SENT_URL = reverse("accounts:password_reset_sent")
NEW_PASSWORD = "Harbour-lights-at-dusk-42"
LINK = re.compile(r"(\S+)(/accounts/reset/[^/\s]+/[^/\s]+/)")


def ask_for_link(client: Client, email: str, **extra):
    return client.post(RESET_URL, {"email": email}, **extra)


def test_known_and_unknown_addresses_get_the_same_answer_and_only_known_get_mail(
    client, alice, mailoutbox
):
    known = ask_for_link(client, "Alice@Example.com")
    unknown = ask_for_link(client, "nobody@example.com")

    assert (known.status_code, known["Location"]) == (302, SENT_URL)
    assert (unknown.status_code, unknown["Location"]) == (302, SENT_URL)
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["alice@example.com"]


def test_inactive_user_gets_no_mail_and_the_same_answer(client, alice, mailoutbox):
    alice.is_active = False
    alice.save()
    assert ask_for_link(client, "alice@example.com")["Location"] == SENT_URL
    assert mailoutbox == []


def test_link_uses_the_site_address_even_with_a_forged_host(client, settings, alice, mailoutbox):
    settings.ESTATEDESK_BASE_URL = "https://crm.example.com"
    settings.ALLOWED_HOSTS = ["*"]

    ask_for_link(client, "alice@example.com", HTTP_HOST="evil.example")

    body = mailoutbox[0].body
    assert "evil.example" not in body
    origin, _path = LINK.search(body).groups()
    assert origin == "https://crm.example.com"


def test_link_sets_a_new_password_once(client, alice, mailoutbox):
    # Given a link from the e-mail
    ask_for_link(client, "alice@example.com")
    _origin, link = LINK.search(mailoutbox[0].body).groups()

    # When Alice follows it and chooses a password
    browser = Client()
    page = browser.get(link, follow=True)
    assert page.context["validlink"]
    set_password_url = page.redirect_chain[-1][0]
    response = browser.post(
        set_password_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert response["Location"] == reverse("accounts:password_reset_complete")
    alice.refresh_from_db()
    assert alice.check_password(NEW_PASSWORD)

    # Then the link does not work a second time
    assert not Client().get(link, follow=True).context["validlink"]


def test_requests_from_one_address_are_throttled_with_429(client, alice, mailoutbox):
    for _ in range(throttling.RESET_REQUESTS_PER_ADDRESS):
        assert ask_for_link(client, "nobody@example.com").status_code == 302
    response = ask_for_link(client, "alice@example.com")
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert mailoutbox == []
    # Another address may still ask
    assert ask_for_link(Client(REMOTE_ADDR="203.0.113.20"), "alice@example.com").status_code == 302


def test_one_account_gets_only_a_few_mails_an_hour(alice, mailoutbox):
    for n in range(throttling.RESET_MAILS_PER_ACCOUNT + 2):
        response = ask_for_link(Client(REMOTE_ADDR=f"192.0.2.{n + 1}"), "alice@example.com")
        assert response["Location"] == SENT_URL
    assert len(mailoutbox) == throttling.RESET_MAILS_PER_ACCOUNT


def test_login_page_links_to_forgot_password(client):
    assert RESET_URL in client.get(reverse("accounts:login")).content.decode()

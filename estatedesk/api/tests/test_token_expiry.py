"""API tokens may expire; a password change can revoke them all."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from estatedesk.api.models import ApiToken
from estatedesk.api.services import token_create

pytestmark = pytest.mark.django_db

PASSWORD = "secret-pass-123"  # what UserFactory gives everyone
NEW_PASSWORD = "Canal-boat-sunrise-77"


def bearer(key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    return client


def test_token_works_until_it_expires_then_is_refused_with_a_clear_401(alice):
    token, key = token_create(actor=alice, name="short", expires_in_days=7)
    assert bearer(key).get("/api/contacts/").status_code == 200

    # When its time is up
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))

    response = bearer(key).get("/api/contacts/")
    assert response.status_code == 401
    assert "expired" in response.json()["detail"]


def test_token_without_expiry_never_expires(alice):
    token, _key = token_create(actor=alice, name="forever")
    assert token.expires_at is None


def test_expiry_must_be_sensible(alice):
    with pytest.raises(ValidationError):
        token_create(actor=alice, name="x", expires_in_days=0)


def test_tokens_page_creates_a_token_with_an_expiry_and_shows_it(as_alice, alice):
    response = as_alice.post(reverse("api:tokens"), {"name": "Zapier", "expires_in_days": "30"})
    assert response.status_code == 201
    token = ApiToken.objects.get(user=alice, name="Zapier")
    days = (token.expires_at - timezone.now()).days
    assert 29 <= days <= 30

    old, _key = token_create(actor=alice, name="old", expires_in_days=1)
    ApiToken.objects.filter(pk=old.pk).update(expires_at=timezone.now() - timedelta(days=1))
    html = as_alice.get(reverse("api:tokens")).content.decode()
    assert "Expires" in html
    assert "expired " in html


def test_password_change_revokes_tokens_when_asked(alice):
    _token, key = token_create(actor=alice, name="cli")
    browser = Client()
    browser.post(reverse("accounts:login"), {"username": alice.email, "password": PASSWORD})

    response = browser.post(
        reverse("accounts:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
            "revoke_api_tokens": "on",
        },
    )

    assert response.status_code == 302
    assert bearer(key).get("/api/contacts/").status_code == 401


def test_password_change_keeps_tokens_by_default_but_ends_other_sessions(alice):
    _token, key = token_create(actor=alice, name="cli")
    browser, elsewhere = Client(), Client()
    for client in (browser, elsewhere):
        client.post(reverse("accounts:login"), {"username": alice.email, "password": PASSWORD})
    home = reverse("contacts:contact_list")
    assert elsewhere.get(home).status_code == 200

    browser.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    assert bearer(key).get("/api/contacts/").status_code == 200
    assert browser.get(home).status_code == 200
    assert elsewhere.get(home).status_code == 302

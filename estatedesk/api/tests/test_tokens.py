"""API tokens: stored hashed, shown once, only in the Authorization header, revocable."""

from datetime import timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from estatedesk.api.models import ApiToken
from estatedesk.api.services import hash_key, token_create, token_revoke
from estatedesk.contacts.tests.factories import ContactFactory
from estatedesk.core.choices import Visibility
from estatedesk.core.testing.api import result_ids


def bearer(key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    return client


def test_key_is_stored_only_as_its_hash(alice):
    token, key = token_create(actor=alice, name="Zapier")

    assert token.prefix == key[:8]
    assert token.key_hash == hash_key(key)
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM api_apitoken")
        stored = " ".join(str(value) for row in cursor.fetchall() for value in row)
    assert key not in stored


def test_token_acts_with_its_users_visibility(alice, bob, alice_api):
    mine = ContactFactory(owner=alice, visibility=Visibility.PERSONAL)
    shared = ContactFactory(owner=bob, visibility=Visibility.OFFICE)
    bobs_personal = ContactFactory(owner=bob, visibility=Visibility.PERSONAL)

    ids = result_ids(alice_api.get("/api/contacts/"))

    assert ids == {mine.pk, shared.pk}
    assert bobs_personal.pk not in ids


def test_bearer_and_token_keywords_work(alice):
    _token, key = token_create(actor=alice, name="cli")
    for keyword in ("Bearer", "Token", "bearer"):
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"{keyword} {key}")
        assert client.get("/api/contacts/").status_code == 200


def test_revoked_token_is_refused(alice):
    token, key = token_create(actor=alice, name="old")
    token_revoke(token=token, actor=alice)

    response = bearer(key).get("/api/contacts/")

    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_token_of_deactivated_user_is_refused(alice):
    _token, key = token_create(actor=alice, name="x")
    alice.is_active = False
    alice.save()

    assert bearer(key).get("/api/contacts/").status_code == 401


@pytest.mark.parametrize(
    "header", ["Bearer nonsense", "Bearer", "Bearer a b", "Basic Zm9vOmJhcg=="]
)
def test_wrong_or_missing_key_is_401(alice, header):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=header)
    assert client.get("/api/contacts/").status_code == 401


def test_key_in_query_string_or_cookie_is_ignored(alice):
    _token, key = token_create(actor=alice, name="x")
    client = APIClient()
    client.cookies["token"] = key

    for param in ("token", "key", "access_token", "api_key"):
        assert client.get(f"/api/contacts/?{param}={key}").status_code == 401


def test_last_used_is_written_at_most_once_a_minute(alice):
    token, key = token_create(actor=alice, name="x")
    client = bearer(key)

    client.get("/api/contacts/")
    token.refresh_from_db()
    first = token.last_used_at
    assert first is not None
    client.get("/api/contacts/")
    token.refresh_from_db()
    assert token.last_used_at == first

    ApiToken.objects.filter(pk=token.pk).update(last_used_at=first - timedelta(minutes=2))
    client.get("/api/contacts/")
    token.refresh_from_db()
    assert token.last_used_at > first - timedelta(minutes=1)


def test_portal_or_officeless_user_gets_403(db):
    from estatedesk.accounts.tests.factories import UserFactory

    stranger = UserFactory(office=None)
    ApiToken.objects.create(user=stranger, name="x", prefix="abcdefgh", key_hash=hash_key("k" * 40))

    assert bearer("k" * 40).get("/api/contacts/").status_code == 403


def test_anonymous_gets_401(db):
    assert APIClient().get("/api/leads/").status_code == 401


def test_session_login_works_for_the_browsable_api(as_alice):
    assert as_alice.get("/api/contacts/", HTTP_ACCEPT="application/json").status_code == 200


def test_session_writes_need_csrf(alice):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(alice)

    response = client.post("/api/contacts/", {"last_name": "X"}, format="json")

    assert response.status_code == 403


# --- the page -------------------------------------------------------------------------------


def test_token_page_creates_a_token_and_shows_the_key_once(as_alice, alice):
    response = as_alice.post(reverse("api:tokens"), {"name": "Website forms"})

    assert response.status_code == 201
    token = ApiToken.objects.get(user=alice)
    key = response.context["new_key"]
    assert token.key_hash == hash_key(key)
    assert key in response.content.decode()
    page = as_alice.get(reverse("api:tokens")).content.decode()
    assert key not in page
    assert "Website forms" in page
    assert token.prefix in page
    assert bearer(key).get("/api/contacts/").status_code == 200


def test_token_page_needs_a_name(as_alice, alice):
    response = as_alice.post(reverse("api:tokens"), {"name": ""})

    assert response.status_code == 400
    assert not ApiToken.objects.filter(user=alice).exists()


def test_token_page_revokes_and_renames(as_alice, alice):
    token, key = token_create(actor=alice, name="old name")

    as_alice.post(reverse("api:token_rename", args=[token.pk]), {"name": "new name"})
    as_alice.post(reverse("api:token_revoke", args=[token.pk]))

    token.refresh_from_db()
    assert token.name == "new name"
    assert token.revoked_at is not None
    assert bearer(key).get("/api/contacts/").status_code == 401


def test_nobody_revokes_someone_elses_token(as_bob, alice):
    token, _key = token_create(actor=alice, name="mine")

    response = as_bob.post(reverse("api:token_revoke", args=[token.pk]))

    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None
    assert "mine" not in as_bob.get(reverse("api:tokens")).content.decode()


def test_token_page_needs_login(client):
    response = client.get(reverse("api:tokens"))
    assert response.status_code == 302


def test_user_menu_links_to_the_token_page(as_alice):
    page = as_alice.get(reverse("contacts:contact_list")).content.decode()
    assert reverse("api:tokens") in page


def test_revoked_at_is_kept_when_revoked_twice(alice):
    token, _key = token_create(actor=alice, name="x")
    token_revoke(token=token, actor=alice)
    first = ApiToken.objects.get(pk=token.pk).revoked_at
    token_revoke(token=token, actor=alice)
    assert ApiToken.objects.get(pk=token.pk).revoked_at == first
    assert first <= timezone.now()

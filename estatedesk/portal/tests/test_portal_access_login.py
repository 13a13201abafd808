"""Logging in to the portal: clients only, throttled as staff, one access chosen per session;
and the staff login refuses clients."""

import pytest
from django.core.cache import cache
from django.test import Client, override_settings
from django.urls import reverse

from estatedesk.contacts.tests.factories import ContactFactory
from estatedesk.portal.choices import AccessStatus
from estatedesk.portal.tests.factories import PortalAccessFactory
from estatedesk.portal.views.base import SESSION_ACCESS_KEY

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-client-password"


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()


@pytest.fixture
def ann_with_password(ann):
    ann.user.set_password(PASSWORD)
    ann.user.save()
    return ann


def portal_login(client, email, password=PASSWORD, **extra):
    return client.post(reverse("portal:login"), {"username": email, "password": password},
                       **extra)  # fmt: skip


def test_a_client_logs_in_and_lands_on_the_portal(client, ann_with_password):
    response = portal_login(client, "ann@example.net")

    assert response.status_code == 302
    assert response["Location"] == reverse("portal:home")
    assert client.session[SESSION_ACCESS_KEY] == ann_with_password.pk
    ann_with_password.refresh_from_db()
    assert ann_with_password.last_login_at is not None
    assert ann_with_password.last_visit_at is None  # a first visit: everything is new


def test_the_previous_login_becomes_the_last_visit(client, ann_with_password):
    portal_login(client, "ann@example.net")
    ann_with_password.refresh_from_db()
    first_login = ann_with_password.last_login_at

    portal_login(Client(), "ann@example.net")

    ann_with_password.refresh_from_db()
    assert ann_with_password.last_visit_at == first_login
    assert ann_with_password.last_login_at > first_login


def test_the_home_page_opens_the_offered_properties(client, ann_with_password):
    portal_login(client, "ann@example.net")

    response = client.get(reverse("portal:home"))

    assert response.status_code == 302
    assert response["Location"] == "/portal/properties/"


def test_staff_credentials_are_refused_like_a_wrong_password(client, alice):
    alice.set_password(PASSWORD)
    alice.save()

    staff = portal_login(client, "alice@example.com")
    wrong = portal_login(Client(), "alice@example.com", "not-the-password")

    assert staff.status_code == wrong.status_code == 200
    assert "_auth_user_id" not in client.session
    assert "Wrong e-mail address or password." in staff.content.decode()
    assert staff.context["form"].errors == wrong.context["form"].errors


def test_a_client_whose_access_is_disabled_cannot_log_in(client, ann_with_password):
    ann_with_password.status = AccessStatus.DISABLED
    ann_with_password.save()

    response = portal_login(client, "ann@example.net")

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_the_staff_login_refuses_a_portal_client(client, ann_with_password):
    response = client.post(reverse("accounts:login"),
                           {"username": "ann@example.net", "password": PASSWORD})  # fmt: skip

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert "Wrong e-mail address or password." in response.content.decode()


@override_settings(LOGIN_FAILURE_LIMIT=2)
def test_portal_logins_are_throttled_like_staff_logins(client, ann_with_password):
    for _ in range(2):
        portal_login(client, "ann@example.net", "wrong")

    response = portal_login(client, "ann@example.net")

    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "_auth_user_id" not in client.session


def test_next_is_followed_only_inside_the_portal(client, ann_with_password):
    response = client.post(
        reverse("portal:login") + "?next=/contacts/",
        {"username": "ann@example.net", "password": PASSWORD},
    )

    assert response["Location"] == reverse("portal:home")


def test_a_login_with_several_accesses_chooses_one(client, ann_with_password, carol):
    # given Ann is also a client of another office, under the same login
    other = PortalAccessFactory(contact=ContactFactory(owner=carol), user=ann_with_password.user)

    # when she logs in, she is asked which portal to open
    response = portal_login(client, "ann@example.net")
    assert response["Location"] == reverse("portal:switch")
    page = client.get(reverse("portal:switch"))
    assert page.status_code == 200
    assert other.office.name in page.content.decode()

    # then the one she picks is the one the session acts through
    client.post(reverse("portal:switch"), {"access": other.pk})
    assert client.session[SESSION_ACCESS_KEY] == other.pk
    other.refresh_from_db()
    assert other.last_login_at is not None


def test_nobody_switches_to_an_access_of_another_login(client, ann_with_password, ben):
    portal_login(client, "ann@example.net")

    response = client.post(reverse("portal:switch"), {"access": ben.pk})

    assert response.status_code == 404
    assert client.session[SESSION_ACCESS_KEY] == ann_with_password.pk


def test_logging_out_goes_back_to_the_portal_login(client, ann_with_password):
    portal_login(client, "ann@example.net")

    response = client.post(reverse("portal:logout"))

    assert response["Location"] == reverse("portal:login")
    assert "_auth_user_id" not in client.session


def test_a_client_changes_their_password_and_stays_logged_in(client, ann_with_password):
    portal_login(client, "ann@example.net")

    response = client.post(reverse("portal:password_change"), {
        "old_password": PASSWORD, "new_password1": "an-even-longer-secret-9",
        "new_password2": "an-even-longer-secret-9",
    })  # fmt: skip

    assert response.status_code == 302
    ann_with_password.user.refresh_from_db()
    assert ann_with_password.user.check_password("an-even-longer-secret-9")
    assert client.get(reverse("portal:switch")).status_code == 200

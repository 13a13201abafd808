"""A request reads its session, user and office in one query (`accounts.sessions`), and every
check Django makes of a session still holds."""

import pytest
from django.test import Client
from django.urls import reverse

from estatedesk.accounts import sessions
from estatedesk.accounts.models import UserSession
from estatedesk.core.testing.queries import count_queries

pytestmark = pytest.mark.django_db


def test_a_page_reads_session_user_and_office_in_one_query(as_alice, alice):
    as_alice.get(reverse("contacts:contact_list"))
    with count_queries() as ctx:
        response = as_alice.get(reverse("contacts:contact_list"))

    assert response.status_code == 200
    assert response.wsgi_request.user == alice
    touching_users = [q["sql"] for q in ctx.captured_queries if '"accounts_user"' in q["sql"]]
    assert len(touching_users) == 1
    assert 'FROM "accounts_usersession"' in touching_users[0]
    assert '"accounts_office"' in touching_users[0]


def test_a_login_session_row_names_its_user_and_logging_out_removes_it(alice):
    client = Client()
    client.post(reverse("accounts:login"), {"username": alice.email, "password": "secret-pass-123"})
    rows = list(UserSession.objects.all())
    assert [row.user_id for row in rows] == [alice.pk]

    client.post(reverse("accounts:logout"))
    assert not UserSession.objects.filter(user=alice).exists()
    assert client.get(reverse("contacts:contact_list")).status_code == 302


def test_a_password_changed_elsewhere_ends_the_session(as_alice, alice):
    alice.set_password("another-Pass-456")
    alice.save()

    assert as_alice.get(reverse("contacts:contact_list")).status_code == 302


def test_a_session_naming_another_user_than_its_data_is_not_trusted(as_alice, alice, bob):
    UserSession.objects.update(user=bob)  # a row whose column disagrees with its data

    response = as_alice.get(reverse("contacts:contact_list"))

    assert response.status_code == 200
    assert response.wsgi_request.user == alice


def test_the_loaded_user_is_handed_over_once_and_only_for_its_id(alice, bob):
    sessions._loaded_user.set((alice.pk, alice))
    assert sessions.take_loaded_user(bob.pk) is None
    assert sessions.take_loaded_user(alice.pk) is None  # forgotten after the first ask

    sessions._loaded_user.set((alice.pk, alice))
    assert sessions.take_loaded_user(str(alice.pk)) is alice
    assert sessions.take_loaded_user(alice.pk) is None

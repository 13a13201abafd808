"""Personas every test can use: the sharing rules read like the brief.

admin (office administrator), alice and bob (agents of the same office), carol (agent of
another office); each logged in to the web (`as_alice` …) or with an API token (`alice_api` …).
"""

from collections.abc import Callable

import pytest
from django.test import Client
from rest_framework.test import APIClient

from estatedesk.accounts.choices import Role
from estatedesk.accounts.tests.factories import OfficeFactory, UserFactory
from estatedesk.api.services import token_create
from estatedesk.contacts.filtersets import forget_plans
from estatedesk.core.testing.api import key_client

pytest_plugins = ["estatedesk.core.testing.plugin"]


@pytest.fixture(autouse=True)
def _fresh_filter_plans():
    """Ids repeat between tests (rolled back): a plan remembered in one must not steer the next."""
    forget_plans()
    yield
    forget_plans()


@pytest.fixture
def office(db):
    return OfficeFactory(name="Amsterdam Homes")


@pytest.fixture
def other_office(db):
    return OfficeFactory(name="Rotterdam Realty")


@pytest.fixture
def admin(office):
    return UserFactory(office=office, role=Role.ADMIN, email="admin@example.com",
                       full_name="Ada Admin")  # fmt: skip


@pytest.fixture
def alice(office):
    return UserFactory(office=office, email="alice@example.com", full_name="Alice Agent")


@pytest.fixture
def bob(office):
    return UserFactory(office=office, email="bob@example.com", full_name="Bob Agent")


@pytest.fixture
def carol(other_office):
    return UserFactory(office=other_office, email="carol@example.com", full_name="Carol Other")


def _client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def as_alice(alice):
    return _client_for(alice)


@pytest.fixture
def as_bob(bob):
    return _client_for(bob)


@pytest.fixture
def as_carol(carol):
    return _client_for(carol)


@pytest.fixture
def as_admin(admin):
    return _client_for(admin)


# API clients. Every app's endpoint tests use these; this module, like the root URLconf,
# sits above the apps' layers, so it (not core/testing) may create tokens with estatedesk.api.


@pytest.fixture
def token_client(db) -> Callable[..., APIClient]:
    """`token_client(user, name="tests")`: an APIClient with a fresh token of `user`."""

    def client_for(user, name: str = "tests") -> APIClient:
        _token, key = token_create(actor=user, name=name)
        return key_client(key)

    return client_for


@pytest.fixture
def alice_api(alice, token_client):
    return token_client(alice)


@pytest.fixture
def bob_api(bob, token_client):
    return token_client(bob)


@pytest.fixture
def carol_api(carol, token_client):
    return token_client(carol)


@pytest.fixture
def admin_api(admin, token_client):
    return token_client(admin)


# Portal clients. ann and ben are clients of alice's office (each their own contact), cleo a
# client of carol's office; `as_ann` … are their logged-in web clients.


@pytest.fixture
def ann(alice):
    from estatedesk.contacts.tests.factories import ContactFactory
    from estatedesk.portal.tests.factories import PortalAccessFactory

    contact = ContactFactory(owner=alice, first_name="Ann", last_name="Client",
                             emails=["ann@example.net"])  # fmt: skip
    return PortalAccessFactory(contact=contact, user__email="ann@example.net",
                               user__full_name="Ann Client")  # fmt: skip


@pytest.fixture
def ben(alice):
    from estatedesk.contacts.tests.factories import ContactFactory
    from estatedesk.portal.tests.factories import PortalAccessFactory

    contact = ContactFactory(owner=alice, first_name="Ben", last_name="Buyer",
                             emails=["ben@example.net"])  # fmt: skip
    return PortalAccessFactory(contact=contact, user__email="ben@example.net",
                               user__full_name="Ben Buyer")  # fmt: skip


@pytest.fixture
def cleo(carol):
    from estatedesk.contacts.tests.factories import ContactFactory
    from estatedesk.portal.tests.factories import PortalAccessFactory

    contact = ContactFactory(owner=carol, first_name="Cleo", last_name="Elsewhere",
                             emails=["cleo@example.net"])  # fmt: skip
    return PortalAccessFactory(contact=contact, user__email="cleo@example.net",
                               user__full_name="Cleo Elsewhere")  # fmt: skip


@pytest.fixture
def as_ann(ann):
    return _client_for(ann.user)


@pytest.fixture
def as_ben(ben):
    return _client_for(ben.user)


@pytest.fixture
def as_cleo(cleo):
    return _client_for(cleo.user)

"""Personas every test can use: the sharing rules read like the brief.

admin (office administrator), alice and bob (agents of the same office), carol (agent of
another office).
"""

import pytest
from django.test import Client

from estatedesk.accounts.choices import Role
from estatedesk.accounts.tests.factories import OfficeFactory, UserFactory
from estatedesk.core.filtersets import forget_plans

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

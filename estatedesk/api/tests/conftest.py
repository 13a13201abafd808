import pytest

from .helpers import api_client


@pytest.fixture
def alice_api(alice):
    return api_client(alice)


@pytest.fixture
def bob_api(bob):
    return api_client(bob)


@pytest.fixture
def carol_api(carol):
    return api_client(carol)


@pytest.fixture
def admin_api(admin):
    return api_client(admin)

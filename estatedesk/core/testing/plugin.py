"""The pytest plugin of core/testing (loaded by estatedesk/conftest.py): the permission
matrix's personas and the query-budget file's rewrite at the end of a run."""

from __future__ import annotations

import pytest
from django.test import Client

from . import query_budgets
from .matrix import Personas, Users


def _logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def personas(request: pytest.FixtureRequest) -> Personas:
    """The matrix's five callers, built from the personas of estatedesk/conftest.py.

    The API is called with the same session as the pages: who may do what does not depend on
    how one signs in (the token tests cover that).
    """
    users = Users(
        owner=request.getfixturevalue("alice"),
        colleague=request.getfixturevalue("bob"),
        office_admin=request.getfixturevalue("admin"),
        other_office=request.getfixturevalue("carol"),
    )
    clients = {
        "anonymous": Client(),
        "owner": _logged_in(users.owner),
        "colleague": _logged_in(users.colleague),
        "office_admin": _logged_in(users.office_admin),
        "other_office": _logged_in(users.other_office),
    }
    return Personas(users=users, clients=clients)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    # Every process (each pytest-xdist worker too) merges what it measured into the file.
    query_budgets.write_recorded()

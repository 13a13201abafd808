"""Without a valid token (or a session) every endpoint answers 401."""

import pytest
from rest_framework.test import APIClient


@pytest.mark.parametrize("url", ["/api/lead-sources/", "/api/custom-fields/", "/api/categories/"])
def test_configuration_lists_need_a_token(client, url, db):
    assert client.get(url).status_code == 401


def test_anonymous_and_bad_token_are_401(alice):
    client = APIClient()
    assert client.get("/api/deals/").status_code == 401
    client.credentials(HTTP_AUTHORIZATION="Bearer not-a-key")
    assert client.get("/api/properties/").status_code == 401

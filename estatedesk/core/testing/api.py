"""Helpers for API endpoint tests: a client sending a key, a page's rows, what is reachable.

A persona's client comes from the `token_client` fixture (or `alice_api`, `bob_api`,
`carol_api`, `admin_api`) in estatedesk/conftest.py, which creates a real token: this base
layer's helpers do not import estatedesk.api.
"""

from __future__ import annotations

from rest_framework.test import APIClient


def key_client(key: str) -> APIClient:
    """An APIClient sending `key` in the Authorization header, as a real integration would."""
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    return client


def results(response) -> list[dict]:
    """The rows of a page of a list (which must have answered 200)."""
    assert response.status_code == 200, response.content
    return response.json()["results"]


def result_ids(response) -> set[int]:
    """The ids of the rows of a page of a list (which must have answered 200)."""
    return {row["id"] for row in results(response)}


def assert_unreachable(client, resource: str, obj, change: dict | None, *, put: bool) -> None:
    """To `client`, `obj` under /api/<resource>/ does not exist: 404 on read, change (PATCH, and
    PUT if `put`; none if `change` is None) and delete, absent from the list, and not deleted."""
    url = f"/api/{resource}/{obj.pk}/"
    assert client.get(url).status_code == 404
    assert obj.pk not in result_ids(client.get(f"/api/{resource}/"))
    if change is not None:
        assert client.patch(url, change, format="json").status_code == 404
        if put:
            assert client.put(url, change, format="json").status_code == 404
    assert client.delete(url).status_code == 404
    assert type(obj).objects.filter(pk=obj.pk).exists()


def assert_reachable(client, resource: str, obj) -> None:
    """To `client`, `obj` under /api/<resource>/ answers 200 and is on the list."""
    assert client.get(f"/api/{resource}/{obj.pk}/").status_code == 200
    assert obj.pk in result_ids(client.get(f"/api/{resource}/"))

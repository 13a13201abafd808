"""API test helpers: a client that sends a persona's token, and result ids."""

from rest_framework.test import APIClient

from estatedesk.api.services import token_create


def api_client(user, name: str = "tests") -> APIClient:
    """An APIClient authenticating with a fresh token of `user` (as a real integration would)."""
    _token, key = token_create(actor=user, name=name)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    client.key = key
    return client


def result_ids(response) -> set[int]:
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}

"""Test helpers for this package's endpoints, on the API's own (estatedesk.api.tests.helpers):
a client that sends a persona's token in the Authorization header, and the rows of a page."""

from __future__ import annotations

from estatedesk.api.tests.helpers import api_client as token_client
from estatedesk.api.tests.helpers import result_ids as ids

__all__ = ["ids", "results", "token_client"]


def results(response) -> list[dict]:
    assert response.status_code == 200, response.content
    return response.json()["results"]

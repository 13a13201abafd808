"""A lost database answers 503 with `Retry-After` (JSON for the API, a page for people), and the
next request, once the database answers again, is served without a restart."""

from contextlib import contextmanager

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection
from django.test import Client, RequestFactory

from estatedesk.api.services import token_create

DRIVER_ERROR = "server closed the connection unexpectedly"


@contextmanager
def database_lost():
    """Every query fails as the driver fails when the server is gone (through Django's error
    wrapper, as a real failure would: it marks the connection as having failed)."""

    def fail(execute, sql, params, many, context):
        db = context["connection"]
        with db.wrap_database_errors:
            raise db.Database.OperationalError(DRIVER_ERROR)

    with connection.execute_wrapper(fail):
        yield


def assert_is_503(response):
    assert response.status_code == 503
    assert response["Retry-After"] == "5"


def test_api_answers_json_503_when_the_database_is_lost(alice_api):
    with database_lost():
        response = alice_api.get("/api/contacts/")

    assert_is_503(response)
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "detail": "The database cannot be reached right now. Try again in a few seconds."
    }


def test_a_page_answers_a_503_page_when_the_database_is_lost(as_alice):
    # The session and the user's office are read by middleware, before any view runs.
    as_alice.raise_request_exception = False
    with database_lost():
        response = as_alice.get("/contacts/")

    assert_is_503(response)
    assert response["Content-Type"].startswith("text/html")
    assert "EstateDesk is briefly unavailable" in response.content.decode()


def test_an_unknown_api_path_answers_json_503_when_the_database_is_lost(db):
    client = Client(raise_request_exception=False)
    with database_lost():
        response = client.get("/api/contacts/", HTTP_AUTHORIZATION="Bearer nope")

    assert_is_503(response)
    assert response["Content-Type"] == "application/json"


def test_a_view_that_loses_the_database_answers_503_in_the_format_asked_for(db):
    # The public web-form endpoint needs no session: its view makes the first query.
    client = Client()

    with database_lost():
        page = client.post("/capture/f/some-key/", {"last_name": "Smit"})
        json = client.post(
            "/capture/f/some-key/", {"last_name": "Smit"}, content_type="application/json"
        )

    assert_is_503(page)
    assert page["Content-Type"].startswith("text/html")
    assert_is_503(json)
    assert json.json()["detail"].startswith("The database cannot be reached")


def test_a_post_to_an_unknown_api_path_is_a_json_404_not_a_csrf_page(db):
    client = Client(enforce_csrf_checks=True)

    response = client.post("/api/no-such-thing/", {"a": "b"})

    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


# --- A real outage (PostgreSQL) ------------------------------------------------------------------


def serve(path: str, **headers) -> tuple[int, dict[str, str], bytes]:
    """One request through Django's real WSGI handler, which (unlike the test client) closes
    unusable connections when the request ends, as a server does."""
    environ = RequestFactory().get(path, **headers).environ
    answer: dict = {}

    def start_response(status, response_headers, exc_info=None):
        answer["status"] = int(status.split()[0])
        answer["headers"] = dict(response_headers)

    result = WSGIHandler()(environ, start_response)
    try:
        body = b"".join(result)
    finally:
        result.close()  # fires request_finished, as the server does
    return answer["status"], answer["headers"], body


@contextmanager
def backend_terminated_on_first_query():
    """From a second connection, end the app's server process just before its first query."""
    import psycopg

    done = []

    def terminate_then_execute(execute, sql, params, many, context):
        if not done:
            done.append(True)
            pid = context["connection"].connection.info.backend_pid
            params_ = context["connection"].get_connection_params()
            with psycopg.connect(**params_, autocommit=True) as admin:
                admin.execute("SELECT pg_terminate_backend(%s, 5000)", [pid])
        return execute(sql, params, many, context)

    with connection.execute_wrapper(terminate_then_execute):
        yield
    assert done, "the request made no query"


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs a database server whose connection can be ended from outside (PostgreSQL)",
)
@pytest.mark.django_db(transaction=True)
def test_a_terminated_connection_is_a_503_and_the_next_request_reconnects(alice):
    _token, key = token_create(actor=alice, name="outage")
    session = Client()
    session.force_login(alice)
    cookie = "; ".join(f"{name}={morsel.value}" for name, morsel in session.cookies.items())

    # Given a request whose database connection is ended by the server mid-request
    with backend_terminated_on_first_query():
        status, headers, body = serve("/api/contacts/", HTTP_AUTHORIZATION=f"Bearer {key}")
    # then it answers 503, and the next one (same process, no restart) is served.
    assert status == 503
    assert headers["Retry-After"] == "5"
    assert b"database cannot be reached" in body
    assert serve("/api/contacts/", HTTP_AUTHORIZATION=f"Bearer {key}")[0] == 200

    # The same for a page, where the session's user is read by middleware.
    with backend_terminated_on_first_query():
        status, headers, body = serve("/contacts/", HTTP_COOKIE=cookie)
    assert status == 503
    assert headers["Content-Type"].startswith("text/html")
    assert serve("/contacts/", HTTP_COOKIE=cookie)[0] == 200

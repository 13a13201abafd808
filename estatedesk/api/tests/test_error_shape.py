"""Every error under /api/ is JSON in the API's shape, also those Django answers before DRF
sees the request (an unknown path, a refused Host, a CSRF failure, a body over the limit)."""

import json

import pytest
import yaml
from django.core.exceptions import RequestDataTooBig
from django.test import Client, RequestFactory

from estatedesk.core.error_views import bad_request


def assert_json_detail(response, status: int) -> str:
    assert response.status_code == status
    assert response["Content-Type"] == "application/json"
    body = json.loads(response.content)
    assert list(body) == ["detail"]
    assert isinstance(body["detail"], str)
    return body["detail"]


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_a_write_to_an_unknown_api_path_is_a_json_404_not_a_csrf_page(as_alice, method):
    as_alice.handler.enforce_csrf_checks = True

    response = getattr(as_alice, method)("/api/no-such-thing/", {"a": "b"})

    assert assert_json_detail(response, 404) == "Not found."


def test_a_refused_host_is_a_json_400_under_api_and_a_page_elsewhere(db):
    client = Client()

    api = client.get("/api/contacts/", HTTP_HOST="attacker.example")
    page = client.get("/contacts/", HTTP_HOST="attacker.example")

    assert "host name" in assert_json_detail(api, 400)
    assert page.status_code == 400
    assert page["Content-Type"].startswith("text/html")


def test_a_session_write_without_csrf_token_is_a_json_403(as_alice):
    as_alice.handler.enforce_csrf_checks = True

    response = as_alice.post(
        "/api/contacts/", {"last_name": "Smit"}, content_type="application/json"
    )

    assert "CSRF" in assert_json_detail(response, 403)


def test_a_body_over_the_limit_read_before_drf_is_a_json_413_naming_the_limit(settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
    request = RequestFactory().post("/api/contacts/", {"a": "b"})

    response = bad_request(request, RequestDataTooBig())

    assert assert_json_detail(response, 413) == (
        "The request body is larger than the 2 MB the API accepts."
    )


def test_drf_errors_are_the_same_shape(alice_api):
    # 401: no key; 405: a method the endpoint has not; 406: a format it cannot give;
    # 415: a body it cannot read.
    assert_json_detail(Client().get("/api/contacts/"), 401)
    assert_json_detail(alice_api.delete("/api/contacts/"), 405)
    assert_json_detail(alice_api.get("/api/contacts/", HTTP_ACCEPT="application/xml"), 406)
    assert_json_detail(
        alice_api.post("/api/contacts/", "a=b", content_type="application/x-www-form-urlencoded"),
        415,
    )


def test_the_schema_gives_every_operation_its_errors_in_the_one_shape(db):
    schema = yaml.safe_load(Client().get("/api/schema/").content)
    shapes = {"#/components/schemas/ErrorDetail", "#/components/schemas/ValidationError"}

    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            responses = operation["responses"]
            expected = {"401", "403", "406", "429", "503"}
            if "requestBody" in operation:
                expected |= {"413", "415"}
            assert expected <= set(responses), (method, path)
            assert "Retry-After" in responses["503"]["headers"], (method, path)
            for status, response in responses.items():
                if status < "400":
                    continue
                body = response["content"]["application/json"]["schema"]
                refs = {body["$ref"]} if "$ref" in body else {s["$ref"] for s in body["anyOf"]}
                assert refs <= shapes, (method, path, status)

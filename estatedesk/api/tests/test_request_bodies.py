"""Bodies the API cannot take still get the API's JSON answer, never a 500 or an HTML page."""


def test_json_nested_100000_deep_is_a_json_400(alice_api):
    body = "[" * 100_000 + "]" * 100_000

    response = alice_api.generic("POST", "/api/contacts/", body, content_type="application/json")

    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "JSON parse error - the body is nested too deeply."}


def test_a_body_over_the_limit_is_a_json_413_that_names_the_limit(alice_api, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
    body = '{"first_name": "' + "a" * (1024 * 1024) + '"}'

    response = alice_api.generic("POST", "/api/contacts/", body, content_type="application/json")

    assert response.status_code == 413
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "detail": "The request body is larger than the 1 MB the API accepts."
    }

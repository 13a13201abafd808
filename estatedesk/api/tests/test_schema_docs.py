"""The OpenAPI schema is complete and valid, and its viewers work without a network."""

import yaml
from django.core.management import call_command
from rest_framework.test import APIClient


def load_schema(client) -> dict:
    response = client.get("/api/schema/")
    assert response.status_code == 200
    return yaml.safe_load(response.content)


def test_schema_is_served_as_yaml_and_json(db):
    client = APIClient()
    assert load_schema(client)["openapi"].startswith("3.")
    assert client.get("/api/schema/?format=json").json()["info"]["title"] == "EstateDesk API"


def test_schema_validates_without_warnings(db, tmp_path):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "s.yml"))


def test_schema_documents_bearer_auth_errors_and_filters(db):
    schema = load_schema(APIClient())

    assert schema["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"
    contacts = schema["paths"]["/api/contacts/"]["get"]
    params = {p["name"] for p in contacts["parameters"]}
    assert {"q", "category", "source", "active", "ordering", "cursor", "page_size"} <= params
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            assert {"401", "403"} <= set(operation["responses"]), (method, path)
            if "{" in path:
                assert "404" in operation["responses"], (method, path)
    patch = schema["paths"]["/api/contacts/{id}/"]["patch"]
    assert "400" in patch["responses"]
    contact = schema["components"]["schemas"]["Contact"]
    assert {"id", "office", "created_at"} <= set(contact["required"])
    for field in ("id", "office", "created_at", "last_contacted_at"):
        assert contact["properties"][field].get("readOnly"), field
    lead = schema["components"]["schemas"]["Lead"]["properties"]
    assert lead["score"]["readOnly"]
    assert "administrator" in lead["owner"]["description"]


def test_swagger_and_redoc_use_bundled_assets(db):
    client = APIClient()
    for url in ("/api/docs/", "/api/redoc/"):
        page = client.get(url).content.decode()
        assert "drf_spectacular_sidecar" in page, url
        assert "cdn.jsdelivr" not in page, url
        assert "unpkg.com" not in page, url


def test_unknown_api_path_is_a_json_404(alice_api):
    response = alice_api.get("/api/nothing-here/")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_browsable_api_renders_for_a_logged_in_agent(alice, as_alice):
    from estatedesk.contacts.tests.factories import ContactFactory, RelationFactory

    contact = ContactFactory(owner=alice)
    relation = RelationFactory(owner=alice)
    for url in ("/api/", "/api/contacts/", f"/api/contacts/{contact.pk}/",
                f"/api/relations/{relation.pk}/people/", "/api/lead-sources/"):  # fmt: skip
        assert as_alice.get(url, HTTP_ACCEPT="text/html").status_code == 200, url

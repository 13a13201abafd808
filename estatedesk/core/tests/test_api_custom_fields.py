"""The office's custom field definitions through the API: read by the office, changed by
office administrators only, and another office's are invisible."""

from estatedesk.core import services as core_services
from estatedesk.core.models import CustomField


def test_custom_field_writes_are_for_administrators(alice_api, admin_api):
    body = {"target": "contact", "key": "budget", "label": "Budget", "field_type": "number"}

    by_agent = alice_api.post("/api/custom-fields/", body)
    by_admin = admin_api.post("/api/custom-fields/", body)
    again = admin_api.post("/api/custom-fields/", body)
    bad_key = admin_api.post("/api/custom-fields/", {**body, "key": "9 lives"})
    no_choices = admin_api.post(
        "/api/custom-fields/", {**body, "key": "kind", "field_type": "choice"}
    )

    assert by_agent.status_code == 403
    assert by_admin.status_code == 201, by_admin.json()
    assert again.status_code == 400
    assert "key" in again.json()
    assert "key" in bad_key.json()
    assert "choices" in no_choices.json()
    field_id = by_admin.json()["id"]
    assert alice_api.get("/api/custom-fields/").json()["results"][0]["key"] == "budget"
    off = admin_api.patch(f"/api/custom-fields/{field_id}/", {"is_active": False, "label": "B"})
    assert off.status_code == 200
    assert CustomField.objects.get(pk=field_id).is_active is False


def test_other_office_custom_fields_are_invisible(admin, carol_api):
    field = core_services.custom_field_create(
        actor=admin, target="contact", key="budget", label="Budget", field_type="number"
    )

    assert carol_api.get(f"/api/custom-fields/{field.pk}/").status_code == 404
    assert field.pk not in {f["id"] for f in carol_api.get("/api/custom-fields/").json()["results"]}


def test_custom_fields_are_listed_a_page_at_a_time(admin, alice_api):
    CustomField.objects.bulk_create(
        CustomField(
            office_id=admin.office_id, target="contact", key=f"field_{i}", label=f"Field {i}",
            field_type="text", position=i,
        )
        for i in range(30)
    )  # fmt: skip

    first = alice_api.get("/api/custom-fields/").json()
    second = alice_api.get(first["next"]).json()

    assert [f["key"] for f in first["results"]] == [f"field_{i}" for i in range(25)]
    assert [f["key"] for f in second["results"]] == [f"field_{i}" for i in range(25, 30)]
    assert second["next"] is None

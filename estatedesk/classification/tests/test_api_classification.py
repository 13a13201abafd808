"""Categories are each user's own; lead sources are read by the office and changed by office
administrators only, and another office's are invisible."""

from estatedesk.classification.models import Category, LeadSource
from estatedesk.classification.tests.factories import CategoryFactory


def test_categories_create_rename_move_delete(alice, alice_api):
    parent = alice_api.post("/api/categories/", {"name": "Buyers"}).json()
    child = alice_api.post("/api/categories/", {"name": "Cash", "parent": parent["id"]}).json()
    other = alice_api.post("/api/categories/", {"name": "Sellers"}).json()

    renamed = alice_api.patch(f"/api/categories/{child['id']}/", {"name": "Cash buyers"})
    moved = alice_api.patch(f"/api/categories/{child['id']}/", {"parent": other["id"]})
    loop = alice_api.patch(f"/api/categories/{other['id']}/", {"parent": child["id"]})
    listed = alice_api.get("/api/categories/").json()
    deleted = alice_api.delete(f"/api/categories/{other['id']}/")

    assert renamed.json()["name"] == "Cash buyers"
    assert moved.json()["parent"] == other["id"]
    assert loop.status_code == 400
    assert "parent" in loop.json()
    assert {c["name"] for c in listed} == {"Buyers", "Cash buyers", "Sellers"}
    assert deleted.status_code == 204
    assert list(Category.objects.filter(owner=alice).values_list("name", flat=True)) == ["Buyers"]


def test_category_needs_a_name_and_an_own_parent(alice, bob, alice_api):
    bobs = CategoryFactory(owner=bob)

    blank = alice_api.post("/api/categories/", {"name": "  "})
    foreign_parent = alice_api.post("/api/categories/", {"name": "X", "parent": bobs.pk})

    assert blank.status_code == 400
    assert "name" in blank.json()
    assert foreign_parent.status_code == 400
    assert "parent" in foreign_parent.json()


def test_everyone_in_the_office_reads_lead_sources(alice_api, alice):
    names = [s["name"] for s in alice_api.get("/api/lead-sources/").json()]
    assert names == list(
        LeadSource.objects.filter(office=alice.office).values_list("name", flat=True)
    )


def test_lead_source_writes_are_for_administrators(alice, alice_api, admin_api):
    source = LeadSource.objects.filter(office=alice.office).first()

    assert alice_api.post("/api/lead-sources/", {"name": "Open house"}).status_code == 403
    assert alice_api.patch(f"/api/lead-sources/{source.pk}/", {"name": "X"}).status_code == 403
    created = admin_api.post("/api/lead-sources/", {"name": "Open house"})
    duplicate = admin_api.post("/api/lead-sources/", {"name": "open house"})
    deactivated = admin_api.patch(f"/api/lead-sources/{source.pk}/", {"is_active": False})

    assert created.status_code == 201
    assert duplicate.status_code == 400
    assert "name" in duplicate.json()
    assert deactivated.json()["is_active"] is False
    assert admin_api.delete(f"/api/lead-sources/{source.pk}/").status_code == 405


def test_other_office_lead_sources_are_invisible(admin, carol_api):
    source = LeadSource.objects.filter(office=admin.office).first()

    assert source.pk not in {s["id"] for s in carol_api.get("/api/lead-sources/").json()}
    assert carol_api.get(f"/api/lead-sources/{source.pk}/").status_code == 404

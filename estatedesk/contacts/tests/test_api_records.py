"""Leads, contacts and relations through the API: the services' rules, errors naming the field,
nested phones and e-mails, categories, custom fields, conversion and contact persons."""

import pytest

from estatedesk.classification.models import LeadSource
from estatedesk.classification.tests.factories import CategoryFactory
from estatedesk.contacts.models import Contact, ContactCategory, Lead
from estatedesk.contacts.tests.factories import ContactFactory, LeadFactory, RelationFactory
from estatedesk.core import services as core_services
from estatedesk.core.choices import Visibility
from estatedesk.core.testing.queries import count_queries


def test_create_lead_with_phones_emails_and_categories(alice, alice_api):
    hot = CategoryFactory(owner=alice, name="Hot")
    source = LeadSource.objects.get(office=alice.office, name="Website")

    response = alice_api.post(
        "/api/leads/",
        {
            "first_name": "Jan",
            "last_name": "de Vries",
            "status": "qualified",
            "source": source.pk,
            "property_types": ["apartment"],
            "budget_max": "450000.00",
            "phones": [{"number": "06 1234 5678", "label": "mobile"}],
            "emails": [{"email": "jan@example.org", "is_primary": True}],
            "categories": [hot.pk],
        },
    )

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["phones"] == [{"number": "+31612345678", "label": "mobile", "is_primary": True}]
    assert body["emails"][0]["email"] == "jan@example.org"
    assert body["categories"] == [hot.pk]
    assert body["owner"] == alice.pk
    assert body["office"] == alice.office_id
    assert body["score"] > 0
    lead = Lead.objects.get(pk=body["id"])
    assert lead.office_id == alice.office_id
    assert "jan@example.org" in lead.search_text


def test_office_and_computed_fields_are_read_only(alice, alice_api, carol):
    response = alice_api.post(
        "/api/contacts/",
        {"last_name": "Smit", "office": carol.office_id, "id": 999, "score": 100},
    )

    assert response.status_code == 201
    contact = Contact.objects.get(pk=response.json()["id"])
    assert contact.office_id == alice.office_id
    assert contact.pk != 999 or Contact.objects.count() == 1


def test_validation_errors_name_the_field(alice_api):
    missing_name = alice_api.post("/api/contacts/", {"city": "Utrecht"})
    wrong_type = alice_api.post("/api/leads/", {"last_name": "X", "bedrooms": "many"})
    bad_choice = alice_api.post("/api/leads/", {"last_name": "X", "status": "maybe"})
    bad_phone = alice_api.post("/api/contacts/", {"last_name": "X", "phones": [{"number": "12"}]})
    bad_email = alice_api.post(
        "/api/contacts/", {"last_name": "X", "emails": [{"email": "not-an-address"}]}
    )
    lost = alice_api.post("/api/leads/", {"last_name": "X", "status": "lost"})
    budget = alice_api.post(
        "/api/leads/", {"last_name": "X", "budget_min": "10", "budget_max": "5"}
    )
    huge_category = alice_api.post("/api/contacts/", {"last_name": "X", "categories": [10**20]})

    assert missing_name.status_code == 400
    assert list(missing_name.json()) == ["last_name"]
    assert wrong_type.status_code == 400
    assert "bedrooms" in wrong_type.json()
    assert "status" in bad_choice.json()
    assert "phones" in bad_phone.json()
    assert "emails" in bad_email.json()
    assert "lost_reason" in lost.json()
    assert "budget_max" in budget.json()
    assert "categories" in huge_category.json()
    for response in (bad_choice, bad_phone, bad_email, lost, budget, huge_category):
        assert response.status_code == 400


def test_malformed_json_is_400(alice_api):
    response = alice_api.generic(
        "POST", "/api/contacts/", "{not json", content_type="application/json"
    )
    assert response.status_code == 400


def test_only_an_administrator_chooses_the_owner(alice, bob, alice_api, admin_api):
    by_agent = alice_api.post("/api/contacts/", {"last_name": "X", "owner": bob.pk})
    by_admin = admin_api.post("/api/contacts/", {"last_name": "Y", "owner": bob.pk})

    assert by_agent.status_code == 400
    assert "owner" in by_agent.json()
    assert by_admin.status_code == 201
    assert by_admin.json()["owner"] == bob.pk


def test_only_owner_or_admin_changes_visibility(alice, bob_api, alice_api):
    contact = ContactFactory(owner=alice, visibility=Visibility.OFFICE)
    url = f"/api/contacts/{contact.pk}/"

    by_colleague = bob_api.patch(url, {"visibility": "personal"})
    same_value = bob_api.patch(url, {"visibility": "office", "city": "Delft"})
    by_owner = alice_api.patch(url, {"visibility": "personal"})

    assert by_colleague.status_code == 400
    assert "visibility" in by_colleague.json()
    assert same_value.status_code == 200
    assert by_owner.status_code == 200
    contact.refresh_from_db()
    assert contact.visibility == Visibility.PERSONAL
    assert contact.city == "Delft"


def test_owner_of_another_office_is_refused(admin_api, carol):
    response = admin_api.post("/api/contacts/", {"last_name": "X", "owner": carol.pk})
    assert response.status_code == 400
    assert "owner" in response.json()


def test_source_of_another_office_is_refused(alice_api, carol):
    foreign = LeadSource.objects.filter(office=carol.office).first()
    response = alice_api.post("/api/contacts/", {"last_name": "X", "source": foreign.pk})
    assert response.status_code == 400
    assert "source" in response.json()


def test_patch_leaves_phones_and_colleagues_categories_alone(alice, bob, bob_api):
    alices = CategoryFactory(owner=alice)
    bobs = CategoryFactory(owner=bob)
    contact = ContactFactory(owner=alice, phones=["+31612345678"], categories=[alices])

    response = bob_api.patch(f"/api/contacts/{contact.pk}/", {"categories": [bobs.pk]})

    assert response.status_code == 200
    assert response.json()["categories"] == [bobs.pk]
    assert response.json()["phones"][0]["number"] == "+31612345678"
    links = set(ContactCategory.objects.filter(record=contact).values_list("category", flat=True))
    assert links == {alices.pk, bobs.pk}


def test_put_replaces_phones(alice, alice_api):
    contact = ContactFactory(owner=alice, phones=["+31612345678"])
    body = alice_api.get(f"/api/contacts/{contact.pk}/").json()
    body["phones"] = [{"number": "+31201234567", "label": "work"}]

    response = alice_api.put(f"/api/contacts/{contact.pk}/", body)

    assert response.status_code == 200, response.json()
    assert [p["number"] for p in response.json()["phones"]] == ["+31201234567"]


def test_custom_fields_are_validated_and_merged_on_patch(admin, alice, alice_api):
    core_services.custom_field_create(
        actor=admin, target="contact", key="budget", label="Budget", field_type="number"
    )
    core_services.custom_field_create(
        actor=admin, target="contact", key="pets", label="Pets", field_type="boolean"
    )
    contact = ContactFactory(owner=alice, custom_fields={"budget": 100})
    url = f"/api/contacts/{contact.pk}/"

    bad = alice_api.patch(url, {"custom_fields": {"budget": "lots"}})
    unknown = alice_api.patch(url, {"custom_fields": {"shoe_size": 42}})
    nested = alice_api.patch(url, {"custom_fields": {"budget": {"a": 1}}})
    good = alice_api.patch(url, {"custom_fields": {"pets": True}})

    assert bad.status_code == 400
    assert "budget" in bad.json()["custom_fields"]
    assert "shoe_size" in unknown.json()["custom_fields"]
    assert nested.status_code == 400
    assert "custom_fields" in nested.json()
    assert good.status_code == 200
    assert good.json()["custom_fields"] == {"budget": 100, "pets": True}


def test_list_queries_do_not_grow_with_rows(alice, alice_api):
    hot = CategoryFactory(owner=alice)
    ContactFactory(owner=alice, phones=["+31612345678"], emails=["a@example.org"], categories=[hot])
    alice_api.get("/api/contacts/")  # the token's first use is noted once
    with count_queries() as few:
        alice_api.get("/api/contacts/")
    for i in range(10):
        ContactFactory(
            owner=alice, phones=[f"+3161234560{i}"], emails=[f"{i}@example.org"], categories=[hot]
        )
    with count_queries() as many:
        response = alice_api.get("/api/contacts/")

    assert len(response.json()["results"]) == 11
    assert len(many) == len(few)


# --- conversion -----------------------------------------------------------------------------


def test_convert_a_lead_into_a_new_contact(alice, alice_api):
    hot = CategoryFactory(owner=alice)
    lead = LeadFactory(owner=alice, status="qualified", emails=["new@example.org"],
                       categories=[hot])  # fmt: skip

    response = alice_api.post(f"/api/leads/{lead.pk}/convert/", {})

    assert response.status_code == 201, response.json()
    contact = Contact.objects.get(pk=response.json()["id"])
    assert response.json()["emails"][0]["email"] == "new@example.org"
    assert response.json()["categories"] == [hot.pk]
    lead.refresh_from_db()
    assert lead.converted_contact == contact
    assert lead.status == "won"
    again = alice_api.post(f"/api/leads/{lead.pk}/convert/", {})
    assert again.status_code == 400


def test_convert_merges_into_a_matching_contact(alice, alice_api):
    existing = ContactFactory(owner=alice, emails=["same@example.org"])
    lead = LeadFactory(owner=alice, status="qualified", emails=["SAME@example.org"],
                       phones=["+31612345678"])  # fmt: skip

    matches = alice_api.get(f"/api/leads/{lead.pk}/matches/")
    response = alice_api.post(f"/api/leads/{lead.pk}/convert/", {"merge_into": existing.pk})

    assert [c["id"] for c in matches.json()] == [existing.pk]
    assert response.status_code == 201
    assert response.json()["id"] == existing.pk
    assert "+31612345678" in [p["number"] for p in response.json()["phones"]]
    assert Contact.objects.count() == 1


def test_a_prospect_cannot_be_converted(alice, alice_api):
    lead = LeadFactory(owner=alice, status="prospect")

    response = alice_api.post(f"/api/leads/{lead.pk}/convert/", {})

    assert response.status_code == 400
    assert "status" in response.json()


# --- contact persons ------------------------------------------------------------------------


def test_add_list_and_remove_contact_persons(alice, alice_api):
    relation = RelationFactory(owner=alice)
    contact = ContactFactory(owner=alice)
    url = f"/api/relations/{relation.pk}/people/"

    added = alice_api.post(
        url, {"contact": contact.pk, "role": "sales_manager", "is_primary": True}
    )
    twice = alice_api.post(url, {"contact": contact.pk, "role": "finance"})
    listed = alice_api.get(url)
    removed = alice_api.delete(f"{url}{added.json()['id']}/")

    assert added.status_code == 201, added.json()
    assert added.json()["contact_name"] == contact.display_name
    assert twice.status_code == 400
    assert "contact" in twice.json()
    assert [p["contact"] for p in listed.json()] == [contact.pk]
    assert removed.status_code == 204
    assert relation.people.count() == 0
    assert Contact.objects.filter(pk=contact.pk).exists()


def test_contact_persons_hide_contacts_the_user_cannot_see(alice, bob, bob_api):
    relation = RelationFactory(owner=alice, visibility=Visibility.OFFICE)
    hidden = ContactFactory(owner=alice, visibility=Visibility.PERSONAL)
    person = relation.people.create(office=relation.office, contact=hidden, role="sales_manager")

    listed = bob_api.get(f"/api/relations/{relation.pk}/people/")
    removed = bob_api.delete(f"/api/relations/{relation.pk}/people/{person.pk}/")

    assert listed.json() == []
    assert removed.status_code == 404


@pytest.mark.parametrize("resource", ["leads", "contacts", "relations"])
def test_unknown_id_and_non_numeric_id_are_404(alice_api, resource):
    assert alice_api.get(f"/api/{resource}/987654/").status_code == 404
    assert alice_api.get(f"/api/{resource}/abc/").status_code == 404


def test_deleting_a_category_keeps_its_records(alice, alice_api):
    category = CategoryFactory(owner=alice)
    contact = ContactFactory(owner=alice, categories=[category])

    alice_api.delete(f"/api/categories/{category.pk}/")

    assert alice_api.get(f"/api/contacts/{contact.pk}/").json()["categories"] == []

"""Properties and property links through the API: services do the writes, PropertyFilterSet
does the list, both ends of a link must be visible."""

from decimal import Decimal

import pytest

from estatedesk.contacts.tests.factories import ContactFactory, LeadFactory, RelationFactory
from estatedesk.core.choices import Visibility
from estatedesk.core.testing.api import result_ids, results
from estatedesk.core.testing.queries import count_queries
from estatedesk.properties.models import Property, PropertyLink
from estatedesk.properties.tests.factories import PropertyFactory, PropertyLinkFactory, image_upload


@pytest.fixture
def api(alice_api):
    return alice_api


def test_create_property_goes_through_the_service(api, alice, bob):
    # When Alice posts a property naming an office and another owner …
    response = api.post(
        "/api/properties/",
        {"property_type": "house", "street": "Prinsengracht", "house_number": "12",
         "city": "Amsterdam", "asking_price": "450000.00", "office": 999},
        format="json",
    )  # fmt: skip

    # … it is hers, in her office, with a generated reference.
    assert response.status_code == 201, response.content
    body = response.json()
    record = Property.objects.get(pk=body["id"])
    assert record.office_id == alice.office_id
    assert record.owner_id == alice.pk
    assert record.reference.startswith("P-")
    assert body["reference"] == record.reference
    assert body["address_line"] == "Prinsengracht 12, Amsterdam"
    assert "prinsengracht" in record.search_text


def test_put_of_what_get_returned_changes_nothing(api, alice):
    record = PropertyFactory(owner=alice, asking_price=Decimal("250000"), bedrooms=3)
    url = f"/api/properties/{record.pk}/"
    shown = api.get(url).json()

    response = api.put(url, shown, format="json")

    assert response.status_code == 200, response.content
    assert {k: v for k, v in response.json().items() if k != "updated_at"} == {
        k: v for k, v in shown.items() if k != "updated_at"
    }


def test_agent_cannot_give_a_new_property_to_a_colleague(api, bob):
    response = api.post("/api/properties/", {"owner": bob.pk}, format="json")
    assert response.status_code == 400
    assert "owner" in response.json()


def test_admin_may_name_the_owner(admin, bob, token_client):
    response = token_client(admin).post("/api/properties/", {"owner": bob.pk}, format="json")
    assert response.status_code == 201, response.content
    assert Property.objects.get(pk=response.json()["id"]).owner_id == bob.pk


def test_colleague_edits_office_property_but_not_its_visibility(alice, bob, token_client):
    record = PropertyFactory(owner=alice)
    as_bob = token_client(bob)

    response = as_bob.patch(f"/api/properties/{record.pk}/", {"city": "Haarlem"}, format="json")
    assert response.status_code == 200
    assert response.json()["city"] == "Haarlem"

    response = as_bob.patch(
        f"/api/properties/{record.pk}/", {"visibility": "personal"}, format="json"
    )
    assert response.status_code == 400
    assert "visibility" in response.json()
    # Deleting is for the owner or an administrator.
    assert as_bob.delete(f"/api/properties/{record.pk}/").status_code == 403
    assert Property.objects.filter(pk=record.pk).exists()


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"asking_price": "-1"}, "asking_price"),
        ({"year_built": 3000}, "year_built"),
        ({"property_type": "castle"}, "property_type"),
        ({"latitude": "95"}, "latitude"),
    ],
)
def test_validation_errors_name_the_field(api, data, field):
    response = api.post("/api/properties/", data, format="json")
    assert response.status_code == 400
    assert field in response.json()


def test_duplicate_reference_is_refused_by_the_service(api, alice):
    PropertyFactory(owner=alice, reference="P-REF1")
    response = api.post("/api/properties/", {"reference": "p-ref1"}, format="json")
    assert response.status_code == 400
    assert "reference" in response.json()


def test_owner_deletes_property(api, alice):
    record = PropertyFactory(owner=alice)
    assert api.delete(f"/api/properties/{record.pk}/").status_code == 204
    assert not Property.objects.filter(pk=record.pk).exists()


def test_filters_narrow_the_list(api, alice):
    house = PropertyFactory(owner=alice, property_type="house", asking_price=Decimal("300000"))
    villa = PropertyFactory(owner=alice, property_type="villa", asking_price=Decimal("900000"))
    sold = PropertyFactory(owner=alice, property_type="house", status="sold",
                           asking_price=Decimal("500000"))  # fmt: skip

    assert result_ids(api.get("/api/properties/?property_type=house")) == {house.pk, sold.pk}
    assert result_ids(api.get("/api/properties/?status=sold")) == {sold.pk}
    assert result_ids(api.get("/api/properties/?price_min=400000&price_max=950000")) == {
        villa.pk, sold.pk,
    }  # fmt: skip
    rows = results(api.get("/api/properties/?ordering=-price"))
    assert [r["id"] for r in rows] == [villa.pk, sold.pk, house.pk]


def test_bad_filter_value_is_400_naming_it(api):
    response = api.get("/api/properties/?status=haunted")
    assert response.status_code == 400
    assert "status" in response.json()


def test_ordering_pages_with_a_cursor(api, alice):
    made = [PropertyFactory(owner=alice, asking_price=Decimal(1000 * n)) for n in range(1, 6)]
    first = api.get("/api/properties/?ordering=price&page_size=2").json()
    second = api.get(first["next"]).json()
    third = api.get(second["next"]).json()
    seen = [r["id"] for r in first["results"] + second["results"] + third["results"]]
    assert seen == [p.pk for p in made]
    assert third["next"] is None


def test_page_size_is_capped(api, alice):
    for _ in range(3):
        PropertyFactory(owner=alice)
    response = api.get("/api/properties/?page_size=100000")
    assert response.status_code == 200
    assert len(response.json()["results"]) == 3


@pytest.mark.parametrize("url", ["/api/properties/", "/api/property-links/"])
def test_list_queries_do_not_grow_with_rows(api, alice, url):
    def make(n):
        for _ in range(n):
            record = PropertyFactory(owner=alice)
            PropertyLinkFactory(property=record, contact=ContactFactory(owner=alice))

    api.get(url)  # the token's "last used" is written on the first call only

    make(2)
    with count_queries() as few:
        assert len(results(api.get(url))) == 2
    make(8)
    with count_queries() as many:
        assert len(results(api.get(url))) == 10
    assert len(many) == len(few)


def test_photos_list_gives_protected_urls(api, alice):
    from estatedesk.properties.services import photo_add

    record = PropertyFactory(owner=alice)
    photo = photo_add(property=record, actor=alice, upload=image_upload(), caption="Front")

    rows = api.get(f"/api/properties/{record.pk}/photos/").json()
    assert [r["id"] for r in rows] == [photo.pk]
    assert rows[0]["url"].endswith(f"/properties/{record.pk}/photos/{photo.pk}/")
    assert rows[0]["thumbnail_url"].endswith(f"/photos/{photo.pk}/thumbnail/")


# --- property links ---------------------------------------------------------------------------


def test_link_contact_to_property(api, alice):
    record = PropertyFactory(owner=alice)
    contact = ContactFactory(owner=alice)

    response = api.post(
        "/api/property-links/",
        {"property": record.pk, "contact": contact.pk, "role": "buyer"},
        format="json",
    )

    assert response.status_code == 201, response.content
    link = PropertyLink.objects.get(pk=response.json()["id"])
    assert (link.property_id, link.contact_id, link.created_by_id) == (record.pk, contact.pk,
                                                                       alice.pk)  # fmt: skip
    assert result_ids(api.get(f"/api/property-links/?contact={contact.pk}")) == {link.pk}
    assert result_ids(api.get(f"/api/property-links/?property={record.pk}")) == {link.pk}
    assert response.json()["lead"] is None


def test_link_lead_to_property(api, alice):
    record = PropertyFactory(owner=alice)
    lead = LeadFactory(owner=alice)

    response = api.post(
        "/api/property-links/",
        {"property": record.pk, "lead": lead.pk, "role": "interested"},
        format="json",
    )

    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["lead"], body["contact"], body["relation"], body["role"]) == (
        lead.pk, None, None, "interested"
    )  # fmt: skip
    link = PropertyLink.objects.get(pk=body["id"])
    assert (link.property_id, link.lead_id, link.created_by_id) == (record.pk, lead.pk, alice.pk)
    assert result_ids(api.get(f"/api/property-links/?lead={lead.pk}")) == {link.pk}
    assert api.delete(f"/api/property-links/{link.pk}/").status_code == 204
    assert not PropertyLink.objects.filter(pk=link.pk).exists()


def test_lead_link_is_hidden_when_the_lead_is(alice, bob, token_client):
    record = PropertyFactory(owner=alice)
    hidden = LeadFactory(owner=alice, visibility=Visibility.PERSONAL)
    link = PropertyLinkFactory(property=record, lead=hidden, role="interested")
    as_bob = token_client(bob)
    assert link.pk not in result_ids(as_bob.get(f"/api/property-links/?property={record.pk}"))
    assert as_bob.delete(f"/api/property-links/{link.pk}/").status_code == 404


def test_link_to_invisible_lead_is_refused_naming_the_field(alice, bob, carol, token_client):
    record = PropertyFactory(owner=bob)
    for hidden in (LeadFactory(owner=alice, visibility=Visibility.PERSONAL),
                   LeadFactory(owner=carol)):  # fmt: skip
        response = token_client(bob).post(
            "/api/property-links/",
            {"property": record.pk, "lead": hidden.pk, "role": "interested"},
            format="json",
        )
        assert response.status_code == 400
        assert "lead" in response.json()
    assert not PropertyLink.objects.exists()


def test_link_takes_only_one_of_contact_and_lead(api, alice):
    response = api.post(
        "/api/property-links/",
        {"property": PropertyFactory(owner=alice).pk, "lead": LeadFactory(owner=alice).pk,
         "contact": ContactFactory(owner=alice).pk, "role": "buyer"},
        format="json",
    )  # fmt: skip
    assert response.status_code == 400
    assert "contact" in response.json()
    assert not PropertyLink.objects.exists()


def test_link_to_invisible_contact_is_refused(alice, bob, token_client):
    record = PropertyFactory(owner=bob)
    hidden = ContactFactory(owner=alice, visibility=Visibility.PERSONAL)

    response = token_client(bob).post(
        "/api/property-links/",
        {"property": record.pk, "contact": hidden.pk, "role": "buyer"},
        format="json",
    )

    assert response.status_code == 400
    assert "contact" in response.json()
    assert not PropertyLink.objects.exists()


def test_link_to_invisible_property_is_refused(alice, bob, token_client):
    hidden = PropertyFactory(owner=alice, visibility=Visibility.PERSONAL)
    contact = ContactFactory(owner=bob)

    response = token_client(bob).post(
        "/api/property-links/",
        {"property": hidden.pk, "contact": contact.pk, "role": "buyer"},
        format="json",
    )

    assert response.status_code == 400
    assert "property" in response.json()


def test_link_to_another_offices_relation_does_not_exist(api, alice, carol):
    record = PropertyFactory(owner=alice)
    foreign = RelationFactory(owner=carol)
    response = api.post(
        "/api/property-links/",
        {"property": record.pk, "relation": foreign.pk, "role": "seller"},
        format="json",
    )
    assert response.status_code == 400
    assert "relation" in response.json()


def test_link_needs_contact_or_relation_and_a_role(api, alice):
    record = PropertyFactory(owner=alice)
    response = api.post("/api/property-links/", {"property": record.pk, "role": "boss"},
                        format="json")  # fmt: skip
    assert response.status_code == 400
    assert {"role"} <= set(response.json())
    response = api.post("/api/property-links/", {"property": record.pk, "role": "buyer"},
                        format="json")  # fmt: skip
    assert response.status_code == 400
    assert "contact" in response.json()


def test_remove_link(api, alice):
    link = PropertyLinkFactory(property=PropertyFactory(owner=alice),
                               contact=ContactFactory(owner=alice))  # fmt: skip
    assert api.delete(f"/api/property-links/{link.pk}/").status_code == 204
    assert not PropertyLink.objects.filter(pk=link.pk).exists()


def test_links_with_an_invisible_end_are_not_listed(alice, bob, token_client):
    visible_property = PropertyFactory(owner=alice)
    hidden_contact = ContactFactory(owner=alice, visibility=Visibility.PERSONAL)
    link = PropertyLinkFactory(property=visible_property, contact=hidden_contact)

    as_bob = token_client(bob)
    assert link.pk not in result_ids(as_bob.get("/api/property-links/"))
    assert as_bob.delete(f"/api/property-links/{link.pk}/").status_code == 404

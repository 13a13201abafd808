"""People and properties, seen from both sides: tabs, roles, visibility of both ends,
adding and removing links, and a constant number of queries."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from estatedesk.contacts.tests.factories import ContactFactory, RelationFactory
from estatedesk.core.choices import Visibility
from estatedesk.core.testing.queries import count_queries
from estatedesk.properties import services
from estatedesk.properties.models import PropertyLink
from estatedesk.properties.tests.factories import PropertyFactory, PropertyLinkFactory

pytestmark = pytest.mark.django_db

PERSONAL = Visibility.PERSONAL


def properties_tab(client, record):
    url = record.get_absolute_url()
    return client.get(url, {"tab": "properties"}).content.decode()


def people_tab(client, prop):
    return client.get(prop.get_absolute_url(), {"tab": "people"}).content.decode()


def section(html: str, start: str, end: str) -> str:
    return html.split(start, 1)[1].split(end, 1)[0]


def test_contact_properties_tab_lists_linked_properties_with_role_dates_and_price(as_alice, alice):
    contact = ContactFactory(owner=alice)
    sold = PropertyFactory(owner=alice, reference="P-000101", asking_price=495000, status="sold")
    viewed = PropertyFactory(owner=alice, reference="P-000102")
    unlinked = PropertyFactory(owner=alice, reference="P-000103")
    PropertyLinkFactory(
        property=sold, contact=contact, role="seller", start_date=datetime.date(2026, 3, 1)
    )
    PropertyLinkFactory(property=viewed, contact=contact, role="viewed")

    html = section(properties_tab(as_alice, contact), 'id="record-properties"', "</table>")

    assert "P-000101" in html
    assert "P-000102" in html
    assert "P-000103" not in html
    assert "Seller" in html
    assert "Viewed" in html
    assert "Sold" in html
    assert "EUR 495,000" in html
    assert "03/01/2026" in html
    assert unlinked.get_absolute_url() not in html


def test_relation_properties_tab_lists_its_links(as_alice, alice):
    relation = RelationFactory(owner=alice)
    prop = PropertyFactory(owner=alice, reference="P-000201")
    PropertyLinkFactory(property=prop, relation=relation, role="landlord")

    html = section(properties_tab(as_alice, relation), 'id="record-properties"', "</table>")

    assert "P-000201" in html
    assert "Landlord" in html


def test_property_people_tab_groups_people_by_role(as_alice, alice):
    prop = PropertyFactory(owner=alice)
    seller = ContactFactory(owner=alice, first_name="Sam", last_name="Seller")
    buyer_1 = ContactFactory(owner=alice, first_name="Bea", last_name="Buyer")
    buyer_2 = ContactFactory(owner=alice, first_name="Ben", last_name="Bidder")
    bank = RelationFactory(owner=alice, name="Hypotheekbank Utrecht")
    PropertyLinkFactory(property=prop, contact=seller, role="seller")
    PropertyLinkFactory(property=prop, contact=buyer_1, role="buyer")
    PropertyLinkFactory(property=prop, contact=buyer_2, role="buyer")
    PropertyLinkFactory(property=prop, relation=bank, role="interested")

    html = people_tab(as_alice, prop)

    sellers = section(html, 'id="people-seller"', "</table>")
    buyers = section(html, 'id="people-buyer"', "</table>")
    interested = section(html, 'id="people-interested"', "</table>")
    assert "Sam" in sellers
    assert "Bea" not in sellers
    assert "Bea" in buyers
    assert "Ben" in buyers
    assert "Sam" not in buyers
    assert "Hypotheekbank Utrecht" in interested
    assert 'id="people-tenant"' not in html  # no empty groups


def test_link_to_a_contact_the_user_cannot_see_is_not_shown_on_the_property(
    as_alice, as_bob, alice, bob
):
    prop = PropertyFactory(owner=alice)
    secret = ContactFactory(owner=alice, visibility=PERSONAL, last_name="Geheim")
    PropertyLinkFactory(property=prop, contact=secret, role="buyer")

    assert "Geheim" in people_tab(as_alice, prop)
    # Bob sees the property (office) but not Alice's personal contact: no trace of the link.
    bob_html = people_tab(as_bob, prop)
    assert "Geheim" not in bob_html
    assert 'id="people-buyer"' not in bob_html


def test_link_to_a_property_the_user_cannot_see_is_not_shown_on_the_contact(
    as_alice, as_bob, alice
):
    contact = ContactFactory(owner=alice)
    hidden = PropertyFactory(owner=alice, visibility=PERSONAL, reference="P-SECRET")
    shared = PropertyFactory(owner=alice, reference="P-SHARED")
    PropertyLinkFactory(property=hidden, contact=contact, role="owner")
    PropertyLinkFactory(property=shared, contact=contact, role="owner")

    assert "P-SECRET" in properties_tab(as_alice, contact)
    bob_html = properties_tab(as_bob, contact)
    assert "P-SECRET" not in bob_html
    assert "P-SHARED" in bob_html


def test_link_to_a_personal_relation_is_hidden_from_colleagues(as_bob, alice):
    prop = PropertyFactory(owner=alice)
    relation = RelationFactory(owner=alice, visibility=PERSONAL, name="Stille Vennoot BV")
    PropertyLinkFactory(property=prop, relation=relation, role="seller")

    assert "Stille Vennoot" not in people_tab(as_bob, prop)


def test_link_add_from_the_contact_tab_and_remove_it(as_alice, alice):
    contact = ContactFactory(owner=alice)
    prop = PropertyFactory(owner=alice)
    url = reverse("properties:contact_link_add", args=[contact.pk])

    response = as_alice.post(
        url,
        {
            "property": prop.pk,
            "role": "interested",
            "start_date": "2026-05-01",
            "note": "Loves the garden",
        },
    )

    assert response.status_code == 302
    assert response["Location"].endswith("?tab=properties")
    link = PropertyLink.objects.get()
    assert (link.property, link.contact, link.relation, link.role, link.note) == (
        prop,
        contact,
        None,
        "interested",
        "Loves the garden",
    )
    assert link.office_id == alice.office_id

    response = as_alice.post(
        reverse("properties:link_remove", args=[link.pk]),
        {"next": f"{contact.get_absolute_url()}?tab=properties"},
    )
    assert response.status_code == 302
    assert response["Location"] == f"{contact.get_absolute_url()}?tab=properties"
    assert not PropertyLink.objects.exists()


def test_link_add_from_the_property_tab_takes_a_relation(as_alice, alice):
    prop = PropertyFactory(owner=alice)
    relation = RelationFactory(owner=alice)

    as_alice.post(
        reverse("properties:property_link_add", args=[prop.pk]),
        {"person": f"relation:{relation.pk}", "role": "landlord"},
    )

    link = PropertyLink.objects.get()
    assert (link.relation, link.contact, link.role) == (relation, None, "landlord")


def test_link_remove_redirect_ignores_foreign_next(as_alice, alice):
    prop = PropertyFactory(owner=alice)
    link = PropertyLinkFactory(property=prop, contact=ContactFactory(owner=alice))
    response = as_alice.post(
        reverse("properties:link_remove", args=[link.pk]), {"next": "https://evil.example/"}
    )
    assert response["Location"] == f"{prop.get_absolute_url()}?tab=people"


def test_cannot_link_a_contact_the_user_cannot_see(as_bob, alice, bob):
    prop = PropertyFactory(owner=bob)
    secret = ContactFactory(owner=alice, visibility=PERSONAL)

    response = as_bob.post(
        reverse("properties:property_link_add", args=[prop.pk]),
        {"person": f"contact:{secret.pk}", "role": "buyer"},
        follow=True,
    )

    assert not PropertyLink.objects.exists()
    assert "Choose a contact or relation you can see." in response.content.decode()


def test_cannot_link_a_property_the_user_cannot_see(as_bob, alice, bob):
    contact = ContactFactory(owner=bob)
    secret = PropertyFactory(owner=alice, visibility=PERSONAL)

    response = as_bob.post(
        reverse("properties:contact_link_add", args=[contact.pk]),
        {"property": secret.pk, "role": "buyer"},
        follow=True,
    )

    assert not PropertyLink.objects.exists()
    assert "Choose a property you can see." in response.content.decode()


def test_service_refuses_invisible_ends_naming_the_field(alice, bob, carol):
    prop = PropertyFactory(owner=bob)
    personal_contact = ContactFactory(owner=alice, visibility=PERSONAL)
    other_office_relation = RelationFactory(owner=carol)
    personal_property = PropertyFactory(owner=alice, visibility=PERSONAL)
    own_contact = ContactFactory(owner=bob)

    with pytest.raises(ValidationError) as exc:
        services.property_link_add(property=prop, actor=bob, role="buyer", contact=personal_contact)
    assert exc.value.message_dict == {"contact": ["Choose a contact you can see."]}
    with pytest.raises(ValidationError) as exc:
        services.property_link_add(
            property=prop, actor=bob, role="buyer", relation=other_office_relation
        )
    assert exc.value.message_dict == {"relation": ["Choose a relation you can see."]}
    with pytest.raises(ValidationError) as exc:
        services.property_link_add(
            property=personal_property, actor=bob, role="buyer", contact=own_contact
        )
    assert exc.value.message_dict == {"property": ["Choose a property you can see."]}
    assert not PropertyLink.objects.exists()


def test_service_validation_messages(alice):
    prop = PropertyFactory(owner=alice)
    contact = ContactFactory(owner=alice)
    relation = RelationFactory(owner=alice)

    with pytest.raises(ValidationError) as exc:
        services.property_link_add(property=prop, actor=alice, role="buyer")
    assert exc.value.message_dict == {"contact": ["Choose one contact, relation or lead."]}
    with pytest.raises(ValidationError) as exc:
        services.property_link_add(
            property=prop, actor=alice, role="buyer", contact=contact, relation=relation
        )
    assert exc.value.message_dict == {"contact": ["Choose one contact, relation or lead."]}
    with pytest.raises(ValidationError) as exc:
        services.property_link_add(property=prop, actor=alice, role="neighbour", contact=contact)
    assert exc.value.message_dict == {"role": ["Choose one of the roles."]}
    with pytest.raises(ValidationError) as exc:
        services.property_link_add(
            property=prop,
            actor=alice,
            role="tenant",
            contact=contact,
            start_date=datetime.date(2026, 6, 1),
            end_date=datetime.date(2026, 5, 1),
        )
    assert exc.value.message_dict == {"end_date": ["The link cannot end before it starts."]}

    services.property_link_add(property=prop, actor=alice, role="tenant", contact=contact)
    with pytest.raises(ValidationError) as exc:
        services.property_link_add(property=prop, actor=alice, role="tenant", contact=contact)
    assert exc.value.message_dict == {"role": ["Already linked to this property as Tenant."]}
    # The same person in another role is fine.
    services.property_link_add(property=prop, actor=alice, role="landlord", contact=contact)
    assert PropertyLink.objects.count() == 2


def test_link_remove_of_a_link_with_an_invisible_end_is_a_404(as_bob, alice):
    prop = PropertyFactory(owner=alice)
    secret = ContactFactory(owner=alice, visibility=PERSONAL)
    link = PropertyLinkFactory(property=prop, contact=secret)

    response = as_bob.post(reverse("properties:link_remove", args=[link.pk]))

    assert response.status_code == 404
    assert PropertyLink.objects.filter(pk=link.pk).exists()


def test_pickers_offer_only_what_the_user_can_see(as_bob, alice, bob, carol):
    PropertyFactory(owner=alice, reference="P-OFFICE", city="Haarlem")
    PropertyFactory(owner=alice, reference="P-PERSONAL", city="Haarlem", visibility=PERSONAL)
    PropertyFactory(owner=carol, reference="P-OTHER", city="Haarlem")
    PropertyFactory(owner=bob, reference="P-LEIDEN", city="Leiden")
    ContactFactory(owner=alice, last_name="Zichtbaar")
    ContactFactory(owner=alice, last_name="Zichtbaarheimelijk", visibility=PERSONAL)
    RelationFactory(owner=carol, name="Zichtbaar Rotterdam BV")

    html = as_bob.get(reverse("properties:property_picker"), {"q": "haarlem"}).content.decode()
    assert "P-OFFICE" in html
    assert "P-PERSONAL" not in html
    assert "P-OTHER" not in html
    assert "P-LEIDEN" not in html  # narrowed by the search

    html = as_bob.get(reverse("properties:person_picker"), {"q": "zichtbaar"}).content.decode()
    assert "Zichtbaar" in html
    assert "Zichtbaarheimelijk" not in html
    assert "Rotterdam BV" not in html


def test_people_tab_has_a_search_as_you_type_picker(as_alice, alice):
    html = people_tab(as_alice, PropertyFactory(owner=alice))
    assert f'hx-get="{reverse("properties:person_picker")}"' in html
    assert 'hx-trigger="input changed delay:300ms' in html


def _make_links(owner, prop, contact, count):
    for i in range(count):
        PropertyLinkFactory(
            property=prop,
            contact=ContactFactory(owner=owner),
            role=["buyer", "seller", "viewed"][i % 3],
        )
        PropertyLinkFactory(
            property=PropertyFactory(owner=owner),
            contact=contact,
            role=["owner", "interested"][i % 2],
        )


def test_property_people_tab_and_contact_properties_tab_run_a_fixed_number_of_queries(
    as_alice, alice
):
    few_prop, few_contact = PropertyFactory(owner=alice), ContactFactory(owner=alice)
    many_prop, many_contact = PropertyFactory(owner=alice), ContactFactory(owner=alice)
    _make_links(alice, few_prop, few_contact, 2)
    _make_links(alice, many_prop, many_contact, 12)
    PropertyLinkFactory(property=many_prop, relation=RelationFactory(owner=alice), role="seller")

    def queries(url):
        as_alice.get(url)  # warm the session and the user
        with count_queries() as ctx:
            response = as_alice.get(url)
        assert response.status_code == 200
        return len(ctx)

    people = "?tab=people"
    assert queries(few_prop.get_absolute_url() + people) == queries(
        many_prop.get_absolute_url() + people
    )
    tab = "?tab=properties"
    assert queries(few_contact.get_absolute_url() + tab) == queries(
        many_contact.get_absolute_url() + tab
    )
    # The rows really are there (12 links plus the relation), so equal counts mean something.
    assert people_tab(as_alice, many_prop).count('?tab=people"><button') == 13
    assert properties_tab(as_alice, many_contact).count('name="next"') == 12


def test_many_people_on_a_property_are_paged_on_its_tab(as_alice, alice, monkeypatch):
    from estatedesk.properties import selectors as property_selectors

    monkeypatch.setattr(property_selectors, "PEOPLE_PER_PAGE", 2)
    record = PropertyFactory(owner=alice)
    for contact in ContactFactory.create_batch(3, owner=alice):
        services.property_link_add(property=record, actor=alice, role="buyer", contact=contact)
    url = reverse("properties:property_detail", args=[record.pk])
    htmx = {"HX-Request": "true", "HX-Target": "tab-panel"}

    first = as_alice.get(url, {"tab": "people"}, headers=htmx).content.decode()
    second = as_alice.get(url, {"tab": "people", "page": 2}, headers=htmx).content.decode()

    assert first.count("/remove/") == 2
    assert "Page 1 of 2" in first
    assert second.count("/remove/") == 1

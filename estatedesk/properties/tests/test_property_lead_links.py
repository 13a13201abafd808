"""Leads linked to properties: the lead's Properties tab, leads on a property's People tab,
visibility of both ends, the database's exactly-one rule, and conversion moving the links."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from estatedesk.contacts.conversion import lead_convert
from estatedesk.contacts.tests.factories import ContactFactory, LeadFactory
from estatedesk.core.choices import Visibility
from estatedesk.core.testing.queries import count_queries
from estatedesk.properties import services
from estatedesk.properties.models import PropertyLink
from estatedesk.properties.tests.factories import PropertyFactory, PropertyLinkFactory

pytestmark = pytest.mark.django_db

PERSONAL = Visibility.PERSONAL


def tab(client, record, name):
    return client.get(record.get_absolute_url(), {"tab": name}).content.decode()


def section(html: str, start: str, end: str) -> str:
    return html.split(start, 1)[1].split(end, 1)[0]


# --- the lead's Properties tab ---------------------------------------------------------------


def test_lead_has_a_properties_tab_listing_its_visible_properties(as_alice, as_bob, alice):
    lead = LeadFactory(owner=alice)
    shared = PropertyFactory(owner=alice, reference="P-000301", asking_price=350000)
    hidden = PropertyFactory(owner=alice, reference="P-SECRET", visibility=PERSONAL)
    PropertyFactory(owner=alice, reference="P-000303")  # not linked
    PropertyLinkFactory(property=shared, lead=lead, role="interested")
    PropertyLinkFactory(property=hidden, lead=lead, role="viewed")

    page = as_alice.get(lead.get_absolute_url()).content.decode()
    assert "?tab=properties" in page  # the tab is offered on the lead's page

    html = section(tab(as_alice, lead, "properties"), 'id="record-properties"', "</table>")
    assert "P-000301" in html
    assert "Interested" in html
    assert "EUR 350,000" in html
    assert "P-SECRET" in html
    assert "P-000303" not in html
    # Bob sees the lead and the office property, not Alice's personal one.
    bob_html = section(tab(as_bob, lead, "properties"), 'id="record-properties"', "</table>")
    assert "P-000301" in bob_html
    assert "P-SECRET" not in bob_html
    # The add form posts to the lead's own URL and offers the property picker.
    full = tab(as_alice, lead, "properties")
    assert reverse("properties:lead_link_add", args=[lead.pk]) in full
    assert reverse("properties:property_picker") in full


def test_link_add_from_the_lead_tab_and_remove_it(as_alice, alice):
    lead = LeadFactory(owner=alice)
    prop = PropertyFactory(owner=alice)
    url = reverse("properties:lead_link_add", args=[lead.pk])

    response = as_alice.post(url, {"property": prop.pk, "role": "interested", "note": "Portal"})

    assert response.status_code == 302
    assert response["Location"] == f"{lead.get_absolute_url()}?tab=properties"
    link = PropertyLink.objects.get()
    assert (link.property, link.lead, link.contact, link.relation, link.role, link.note) == (
        prop, lead, None, None, "interested", "Portal"
    )  # fmt: skip
    assert link.created_by == alice

    response = as_alice.post(
        reverse("properties:link_remove", args=[link.pk]),
        {"next": f"{lead.get_absolute_url()}?tab=properties"},
    )
    assert response.status_code == 302
    assert not PropertyLink.objects.exists()


def test_lead_tab_post_for_a_lead_the_user_cannot_see_is_a_404(as_bob, alice, bob):
    secret = LeadFactory(owner=alice, visibility=PERSONAL)
    prop = PropertyFactory(owner=bob)

    response = as_bob.post(
        reverse("properties:lead_link_add", args=[secret.pk]),
        {"property": prop.pk, "role": "interested"},
    )

    assert response.status_code == 404
    assert not PropertyLink.objects.exists()


# --- leads on the property's People tab ---------------------------------------------------------


def test_property_people_tab_lists_leads_by_role_marked_as_lead(as_alice, alice):
    prop = PropertyFactory(owner=alice)
    lead = LeadFactory(owner=alice, first_name="Lotte", last_name="Kandidaat")
    contact = ContactFactory(owner=alice, first_name="Karel", last_name="Koper")
    PropertyLinkFactory(property=prop, lead=lead, role="interested")
    PropertyLinkFactory(property=prop, contact=contact, role="buyer")

    html = tab(as_alice, prop, "people")

    interested = section(html, 'id="people-interested"', "</table>")
    assert "Lotte Kandidaat" in interested
    assert lead.get_absolute_url() in interested
    assert '<span class="badge">lead</span>' in interested
    buyers = section(html, 'id="people-buyer"', "</table>")
    assert "Koper" in buyers
    assert '<span class="badge">lead</span>' not in buyers


def test_link_to_a_lead_the_user_cannot_see_is_not_shown_on_the_property(as_alice, as_bob, alice):
    prop = PropertyFactory(owner=alice)
    secret = LeadFactory(owner=alice, visibility=PERSONAL, last_name="Geheimlead")
    PropertyLinkFactory(property=prop, lead=secret, role="interested")

    assert "Geheimlead" in tab(as_alice, prop, "people")
    bob_html = tab(as_bob, prop, "people")
    assert "Geheimlead" not in bob_html
    assert 'id="people-interested"' not in bob_html
    # Nor can Bob remove what he cannot see.
    link = PropertyLink.objects.get()
    assert as_bob.post(reverse("properties:link_remove", args=[link.pk])).status_code == 404
    assert PropertyLink.objects.filter(pk=link.pk).exists()


def _lead_links(owner, prop, lead, n):
    for i in range(n):
        PropertyLinkFactory(
            property=prop, lead=LeadFactory(owner=owner), role=["interested", "viewed"][i % 2]
        )
        PropertyLinkFactory(
            property=PropertyFactory(owner=owner), lead=lead, role=["interested", "viewed"][i % 2]
        )


def test_people_tab_and_lead_properties_tab_run_a_fixed_number_of_queries(as_alice, alice):
    few_prop, few_lead = PropertyFactory(owner=alice), LeadFactory(owner=alice)
    many_prop, many_lead = PropertyFactory(owner=alice), LeadFactory(owner=alice)
    _lead_links(alice, few_prop, few_lead, 2)
    _lead_links(alice, many_prop, many_lead, 10)
    PropertyLinkFactory(property=many_prop, contact=ContactFactory(owner=alice), role="buyer")

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
    props = "?tab=properties"
    assert queries(few_lead.get_absolute_url() + props) == queries(
        many_lead.get_absolute_url() + props
    )
    # The rows are really there: 10 leads plus one contact; 10 properties on the lead.
    assert tab(as_alice, many_prop, "people").count('?tab=people"><button') == 11
    assert tab(as_alice, many_prop, "people").count('<span class="badge">lead</span>') == 10
    assert tab(as_alice, many_lead, "properties").count('name="next"') == 10


# --- the service and the database ---------------------------------------------------------------


def test_service_links_a_lead_and_refuses_an_invisible_one_naming_the_field(alice, bob, carol):
    prop = PropertyFactory(owner=bob)
    secret = LeadFactory(owner=alice, visibility=PERSONAL)
    foreign = LeadFactory(owner=carol)

    for lead in (secret, foreign):
        with pytest.raises(ValidationError) as exc:
            services.property_link_add(property=prop, actor=bob, role="interested", lead=lead)
        assert exc.value.message_dict == {"lead": ["Choose a lead you can see."]}
    assert not PropertyLink.objects.exists()

    mine = LeadFactory(owner=bob)
    link = services.property_link_add(property=prop, actor=bob, role="interested", lead=mine)
    assert (link.lead, link.office_id) == (mine, prop.office_id)
    with pytest.raises(ValidationError) as exc:
        services.property_link_add(property=prop, actor=bob, role="interested", lead=mine)
    assert exc.value.message_dict == {"role": ["Already linked to this property as Interested."]}
    with pytest.raises(ValidationError) as exc:
        services.property_link_add(
            property=prop, actor=bob, role="buyer", lead=mine, contact=ContactFactory(owner=bob)
        )
    assert exc.value.message_dict == {"contact": ["Choose one contact, relation or lead."]}


def test_remove_needs_the_lead_to_be_visible(alice, bob):
    prop = PropertyFactory(owner=alice)
    secret = LeadFactory(owner=alice, visibility=PERSONAL)
    link = PropertyLinkFactory(property=prop, lead=secret, role="interested")

    with pytest.raises(PermissionDenied):
        services.property_link_remove(link=link, actor=bob)
    services.property_link_remove(link=link, actor=alice)
    assert not PropertyLink.objects.exists()


def test_model_clean_and_database_allow_exactly_one_person(alice):
    prop = PropertyFactory(owner=alice)
    lead, contact = LeadFactory(owner=alice), ContactFactory(owner=alice)

    both = PropertyLink(office=prop.office, property=prop, lead=lead, contact=contact, role="buyer")
    with pytest.raises(ValidationError) as exc:
        both.clean()
    assert exc.value.message_dict == {"contact": ["Choose one contact, relation or lead."]}
    with pytest.raises(IntegrityError), transaction.atomic():
        both.save()
    PropertyLink.objects.create(office=prop.office, property=prop, lead=lead, role="buyer")
    with pytest.raises(IntegrityError), transaction.atomic():
        PropertyLink.objects.create(office=prop.office, property=prop, lead=lead, role="buyer")


def test_deleting_the_lead_deletes_its_links(alice):
    lead = LeadFactory(owner=alice)
    PropertyLinkFactory(property=PropertyFactory(owner=alice), lead=lead, role="interested")

    lead.delete()

    assert not PropertyLink.objects.exists()


# --- conversion ---------------------------------------------------------------------------------


def test_converting_a_lead_moves_its_property_links_to_the_new_contact(alice):
    lead = LeadFactory(owner=alice)
    first, second = PropertyFactory(owner=alice), PropertyFactory(owner=alice)
    PropertyLinkFactory(property=first, lead=lead, role="interested", note="Portal")
    PropertyLinkFactory(property=second, lead=lead, role="viewed")

    contact = lead_convert(lead=lead, actor=alice)

    assert not PropertyLink.objects.filter(lead=lead).exists()
    moved = set(
        PropertyLink.objects.filter(contact=contact).values_list("property_id", "role", "note")
    )
    assert moved == {(first.pk, "interested", "Portal"), (second.pk, "viewed", "")}
    assert PropertyLink.objects.count() == 2


def test_merging_a_lead_moves_its_links_without_doubling_the_contacts(alice):
    lead = LeadFactory(owner=alice)
    target = ContactFactory(owner=alice)
    both, only_lead = PropertyFactory(owner=alice), PropertyFactory(owner=alice)
    PropertyLinkFactory(property=both, contact=target, role="interested", note="Contact's own")
    PropertyLinkFactory(property=both, lead=lead, role="interested", note="Lead's")
    PropertyLinkFactory(property=both, lead=lead, role="viewed")
    PropertyLinkFactory(property=only_lead, lead=lead, role="interested")

    contact = lead_convert(lead=lead, actor=alice, merge_into=target)

    assert contact == target
    assert not PropertyLink.objects.filter(lead=lead).exists()
    links = set(
        PropertyLink.objects.filter(contact=target).values_list("property_id", "role", "note")
    )
    assert links == {
        (both.pk, "interested", "Contact's own"),
        (both.pk, "viewed", ""),
        (only_lead.pk, "interested", ""),
    }
    assert PropertyLink.objects.count() == 3


def test_links_move_in_the_conversions_transaction(alice, monkeypatch):
    from estatedesk.contacts import conversion

    lead = LeadFactory(owner=alice)
    PropertyLinkFactory(property=PropertyFactory(owner=alice), lead=lead, role="interested")

    def later_hook_fails(**kwargs):
        raise RuntimeError("a later hook failed")

    hooks = [*conversion.CONVERSION_HOOKS, later_hook_fails]
    assert services.lead_property_links_move in hooks
    monkeypatch.setattr(conversion, "CONVERSION_HOOKS", hooks)
    with pytest.raises(RuntimeError):
        lead_convert(lead=lead, actor=alice)

    # All or nothing: the links are still the lead's.
    assert PropertyLink.objects.filter(lead=lead).count() == 1
    assert not PropertyLink.objects.filter(contact__isnull=False).exists()

"""Creating and editing properties and projects: generated references, a clear message on the
field that is wrong, and nothing saved when anything is."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from estatedesk.contacts.tests.factories import ContactFactory, RelationFactory
from estatedesk.core.choices import Visibility
from estatedesk.properties import services
from estatedesk.properties.models import Project, ProjectPerson, Property
from estatedesk.properties.tests.factories import ProjectFactory, PropertyFactory

pytestmark = pytest.mark.django_db

CREATE = reverse("properties:property_create")
VALID = {
    "property_type": "house",
    "listing_kind": "sale",
    "status": "available",
    "street": "Oudegracht",
    "house_number": "158",
    "postal_code": "3511 AZ",
    "city": "Utrecht",
    "visibility": "office",
    "is_active": "on",
}


def field_errors(response, name: str) -> str:
    html = response.content.decode()
    marker = f'id="field-{name}"'
    assert marker in html, name
    return html.split(marker, 1)[1].split("</div>", 1)[0]


def test_create_generates_the_reference_and_the_search_text(as_alice, alice):
    response = as_alice.post(CREATE, {**VALID, "asking_price": "395000"})

    prop = Property.objects.get()
    assert response.status_code == 302
    assert response["Location"] == prop.get_absolute_url()
    assert prop.reference == "P-000001"
    assert (prop.office_id, prop.owner_id) == (alice.office_id, alice.pk)
    assert prop.search_text == "p-000001 oudegracht 158 3511 az 3511az utrecht"
    assert prop.sort_name == "p-000001"

    as_alice.post(CREATE, VALID)
    assert sorted(Property.objects.values_list("reference", flat=True)) == [
        "P-000001",
        "P-000002",
    ]


def test_generated_reference_skips_one_taken_by_hand(alice):
    PropertyFactory(owner=alice, reference="P-000002")
    PropertyFactory(owner=alice, reference="Z-1")
    prop = services.property_save(record=Property(), actor=alice)
    assert prop.reference == "P-000003"


def test_search_finds_by_postal_code_without_space(as_alice, alice):
    as_alice.post(CREATE, VALID)
    html = as_alice.get(reverse("properties:property_list"), {"q": "3511az"}).content.decode()
    assert "P-000001" in html


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("asking_price", "-1", "This cannot be negative."),
        ("living_area", "-20", "This cannot be negative."),
        ("plot_area", "-0.5", "This cannot be negative."),
        ("latitude", "91", "Latitude lies between -90 and 90."),
        ("longitude", "-180.5", "Longitude lies between -180 and 180."),
        ("year_built", "3000", "Give a year between 1000 and 2200."),
    ],
)
def test_a_wrong_value_is_named_on_its_field_and_nothing_is_saved(as_alice, field, value, message):
    response = as_alice.post(CREATE, {**VALID, field: value})

    assert response.status_code == 422
    assert message in field_errors(response, field)
    assert not Property.objects.exists()


def test_reference_must_be_unique_in_the_office_only(as_alice, alice, carol):
    PropertyFactory(owner=alice, reference="AMS-7")
    PropertyFactory(owner=carol, reference="AMS-8")

    response = as_alice.post(CREATE, {**VALID, "reference": "ams-7"})
    assert response.status_code == 422
    assert "Another property of your office has this reference." in field_errors(
        response, "reference"
    )
    # Another office's reference is no clash.
    assert as_alice.post(CREATE, {**VALID, "reference": "AMS-8"}).status_code == 302


def test_project_must_be_visible(alice, bob):
    hidden = ProjectFactory(owner=alice, visibility=Visibility.PERSONAL)
    prop = Property(project=hidden)
    with pytest.raises(ValidationError) as exc:
        services.property_save(record=prop, actor=bob)
    assert exc.value.message_dict == {"project": ["Choose a project you can see."]}
    assert not Property.objects.exists()


def test_database_refuses_what_clean_refuses(alice):
    prop = PropertyFactory(owner=alice)
    for field, value in [
        ("asking_price", -1),
        ("latitude", 95),
        ("longitude", 200),
        ("year_built", 20),
        ("reference", ""),
    ]:
        with pytest.raises(IntegrityError), transaction.atomic():
            Property.objects.filter(pk=prop.pk).update(**{field: value})


def test_edit_by_colleague_saves_fields(as_bob, alice):
    prop = PropertyFactory(owner=alice, reference="P-000050")
    response = as_bob.post(
        reverse("properties:property_edit", args=[prop.pk]),
        {**VALID, "reference": "P-000050", "bedrooms": "4"},
    )
    assert response.status_code == 302
    prop.refresh_from_db()
    assert (prop.bedrooms, prop.owner_id) == (4, alice.pk)


def test_agent_form_offers_no_owner_and_admin_form_does(as_alice, as_admin):
    assert 'name="owner"' not in as_alice.get(CREATE).content.decode()
    assert 'name="owner"' in as_admin.get(CREATE).content.decode()


# --- projects ------------------------------------------------------------------------------------


def test_project_create_with_a_developer(as_alice, alice):
    developer = RelationFactory(owner=alice, relation_type="developer", name="Bouwfonds")
    response = as_alice.post(
        reverse("properties:project_create"),
        {
            "name": "Leidsche Rijn Park",
            "developer": developer.pk,
            "phase": "pre_sale",
            "city": "Utrecht",
            "visibility": "office",
            "is_active": "on",
        },
    )
    project = Project.objects.get()
    assert response["Location"] == project.get_absolute_url()
    assert (project.developer, project.office_id, project.sort_name) == (
        developer,
        alice.office_id,
        "leidsche rijn park",
    )


def test_project_developer_must_be_visible_and_of_the_office(alice, bob, carol):
    personal = RelationFactory(owner=alice, visibility=Visibility.PERSONAL)
    other_office = RelationFactory(owner=carol)
    for developer in (personal, other_office):
        with pytest.raises(ValidationError) as exc:
            services.project_save(record=Project(name="X", developer=developer), actor=bob)
        assert exc.value.message_dict == {
            "developer": ["Choose a relation you can see as developer."]
        }
    assert not Project.objects.exists()


def test_project_form_names_a_foreign_developer_on_its_field(as_bob, carol):
    other_office = RelationFactory(owner=carol)
    response = as_bob.post(
        reverse("properties:project_create"),
        {"name": "X", "developer": other_office.pk, "phase": "planning", "visibility": "office"},
    )
    assert response.status_code == 422
    assert "Select a valid choice" in field_errors(response, "developer")


def test_project_name_is_required(as_alice):
    response = as_alice.post(
        reverse("properties:project_create"),
        {"name": "  ", "phase": "planning", "visibility": "office"},
    )
    assert response.status_code == 422
    assert not Project.objects.exists()


def test_project_page_shows_units_and_people(as_alice, as_bob, alice):
    project = ProjectFactory(owner=alice, name="Havenkwartier")
    unit = PropertyFactory(owner=alice, project=project, reference="P-UNIT-1")
    hidden_unit = PropertyFactory(
        owner=alice, project=project, reference="P-UNIT-2", visibility=Visibility.PERSONAL
    )
    PropertyFactory(owner=alice, reference="P-ELSEWHERE")
    manager = ContactFactory(owner=alice, last_name="Verkoper")
    as_alice.post(
        reverse("properties:project_person_add", args=[project.pk]),
        {"contact": manager.pk, "role": "sales_manager", "note": "Tuesdays"},
    )
    assert ProjectPerson.objects.get().role == "sales_manager"

    units = as_bob.get(project.get_absolute_url(), {"tab": "units"}).content.decode()
    assert unit.reference in units
    assert hidden_unit.reference not in units
    assert "P-ELSEWHERE" not in units
    people = as_bob.get(project.get_absolute_url(), {"tab": "people"}).content.decode()
    table = people.split('id="project-people"', 1)[1].split("</table>", 1)[0]
    assert "Verkoper" in table
    assert "Sales manager" in table
    assert "Tuesdays" in table


def test_project_person_must_be_visible(as_bob, alice, bob):
    project = ProjectFactory(owner=bob)
    secret = ContactFactory(owner=alice, visibility=Visibility.PERSONAL)
    response = as_bob.post(
        reverse("properties:project_person_add", args=[project.pk]),
        {"contact": secret.pk, "role": "architect"},
        follow=True,
    )
    assert "Choose a contact you can see." in response.content.decode()
    assert not ProjectPerson.objects.exists()


def test_relation_page_lists_projects_it_develops(as_alice, alice):
    developer = RelationFactory(owner=alice, relation_type="developer")
    ProjectFactory(owner=alice, name="Kanaalzicht", developer=developer)
    html = as_alice.get(developer.get_absolute_url(), {"tab": "properties"}).content.decode()
    assert "Kanaalzicht" in html


def test_new_property_from_a_project_starts_in_that_project(as_alice, as_bob, alice):
    project = ProjectFactory(owner=alice)
    personal = ProjectFactory(owner=alice, visibility=Visibility.PERSONAL)
    html = as_alice.get(CREATE, {"project": project.pk}).content.decode()
    assert f'<option value="{project.pk}" selected>' in html
    # A project the user may not see is not offered, nor preselected.
    html = as_bob.get(CREATE, {"project": personal.pk}).content.decode()
    assert f'value="{personal.pk}"' not in html


def test_many_people_on_a_project_are_paged_on_its_tab(as_alice, alice, monkeypatch):
    from estatedesk.properties import selectors as property_selectors

    monkeypatch.setattr(property_selectors, "PROJECT_PEOPLE_PER_PAGE", 2)
    project = ProjectFactory(owner=alice)
    ProjectPerson.objects.bulk_create(
        ProjectPerson(office_id=project.office_id, project=project, contact=c, role="architect")
        for c in ContactFactory.create_batch(3, owner=alice)
    )
    htmx = {"HX-Request": "true", "HX-Target": "tab-panel"}

    first = as_alice.get(project.get_absolute_url(), {"tab": "people"}, headers=htmx)
    second = as_alice.get(project.get_absolute_url(), {"tab": "people", "page": 2}, headers=htmx)

    assert first.content.decode().count("/remove/") == 2
    assert "Page 1 of 2" in first.content.decode()
    assert second.content.decode().count("/remove/") == 1

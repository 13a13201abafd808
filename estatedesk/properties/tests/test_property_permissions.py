"""Every URL of a personal property, project or photo: the owner gets in, everyone else gets
a 404 (or, anonymous, the login page). Office records: other offices get a 404, colleagues
get in except for owner-level actions."""

from dataclasses import dataclass

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from estatedesk.contacts.tests.factories import ContactFactory, RelationFactory
from estatedesk.core.choices import Visibility
from estatedesk.properties import services
from estatedesk.properties.models import Project, ProjectPerson, Property, PropertyLink
from estatedesk.properties.tests.factories import (
    ProjectFactory,
    PropertyFactory,
    PropertyLinkFactory,
    image_upload,
)

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Route:
    name: str
    method: str = "get"
    owner_only: bool = False  # refused (403) to a colleague of an office record


PROPERTY_ROUTES = [
    Route("properties:property_detail"),
    Route("properties:property_edit"),
    Route("properties:property_delete", owner_only=True),
    Route("properties:property_share", "post", owner_only=True),
    Route("properties:photo_upload", "post"),
    Route("properties:photo_file"),
    Route("properties:photo_thumbnail"),
    Route("properties:photo_move", "post"),
    Route("properties:photo_delete", "post"),
    Route("properties:property_link_add", "post"),
    Route("properties:link_remove", "post"),
]
PROJECT_ROUTES = [
    Route("properties:project_detail"),
    Route("properties:project_edit"),
    Route("properties:project_delete", owner_only=True),
    Route("properties:project_share", "post", owner_only=True),
    Route("properties:project_person_add", "post"),
    Route("properties:project_person_remove", "post"),
]


def make_property(owner, visibility):
    prop = PropertyFactory(owner=owner, visibility=visibility)
    photo = services.photo_add(property=prop, actor=owner, upload=image_upload())
    # Linked to an office contact, so only the property's visibility decides.
    link = PropertyLinkFactory(property=prop, contact=ContactFactory(owner=owner))
    return prop, {"photo_pk": photo.pk, "link_pk": link.pk}


def make_project(owner, visibility):
    project = ProjectFactory(owner=owner, visibility=visibility)
    person = ProjectPerson.objects.create(
        office=owner.office, project=project, contact=ContactFactory(owner=owner), role="other"
    )
    return project, {"person_pk": person.pk}


def url_for(route: Route, record, extra: dict) -> str:
    name = route.name
    if name == "properties:link_remove":
        return reverse(name, args=[extra["link_pk"]])
    if name.startswith("properties:photo_") and name != "properties:photo_upload":
        return reverse(name, args=[record.pk, extra["photo_pk"]])
    if name == "properties:project_person_remove":
        return reverse(name, args=[record.pk, extra["person_pk"]])
    return reverse(name, args=[record.pk])


def call(client: Client, route: Route, record, extra: dict):
    url = url_for(route, record, extra)
    data = {"visibility": "office"} if route.name.endswith("_share") else {}
    return getattr(client, route.method)(url, data)


CASES = [("property", r) for r in PROPERTY_ROUTES] + [("project", r) for r in PROJECT_ROUTES]
MAKERS = {"property": make_property, "project": make_project}


@pytest.mark.parametrize(("kind", "route"), CASES, ids=lambda v: getattr(v, "name", v))
def test_personal_record_urls_answer_by_persona(
    kind, route, alice, as_alice, as_bob, as_carol, as_admin, client
):
    record, extra = MAKERS[kind](alice, Visibility.PERSONAL)

    anonymous = call(client, route, record, extra)
    assert anonymous.status_code == 302
    assert reverse("accounts:login") in anonymous["Location"]
    # Colleague, administrator (personal means personal) and another office: as if absent.
    for other in (as_bob, as_admin, as_carol):
        assert call(other, route, record, extra).status_code == 404
    assert call(as_alice, route, record, extra).status_code in (200, 302)


@pytest.mark.parametrize(("kind", "route"), CASES, ids=lambda v: getattr(v, "name", v))
def test_office_record_urls_are_closed_to_other_offices(kind, route, alice, as_carol, as_bob):
    record, extra = MAKERS[kind](alice, Visibility.OFFICE)
    assert call(as_carol, route, record, extra).status_code == 404
    expected = (403,) if route.owner_only else (200, 302)
    assert call(as_bob, route, record, extra).status_code in expected


def test_invisible_property_changes_nothing(as_bob, alice):
    prop, extra = make_property(alice, Visibility.PERSONAL)
    for route in PROPERTY_ROUTES:
        call(as_bob, route, prop, extra)
    prop.refresh_from_db()
    assert prop.visibility == Visibility.PERSONAL
    assert prop.photos.count() == 1
    assert PropertyLink.objects.filter(property=prop).count() == 1


def test_contact_side_link_add_needs_a_visible_contact_or_relation(alice, as_bob, as_carol):
    contact = ContactFactory(owner=alice, visibility=Visibility.PERSONAL)
    relation = RelationFactory(owner=alice)
    prop = PropertyFactory(owner=alice)
    contact_url = reverse("properties:contact_link_add", args=[contact.pk])
    relation_url = reverse("properties:relation_link_add", args=[relation.pk])
    data = {"property": prop.pk, "role": "buyer"}

    assert as_bob.post(contact_url, data).status_code == 404
    assert as_carol.post(relation_url, data).status_code == 404
    assert not PropertyLink.objects.exists()
    assert as_bob.post(relation_url, data).status_code == 302
    assert PropertyLink.objects.filter(relation=relation).count() == 1


def test_lists_show_only_visible_records(as_bob, alice, bob, carol):
    mine = PropertyFactory(owner=bob, reference="P-BOB")
    shared = PropertyFactory(owner=alice, reference="P-ALICE-OFFICE")
    PropertyFactory(owner=alice, reference="P-ALICE-PERSONAL", visibility=Visibility.PERSONAL)
    PropertyFactory(owner=carol, reference="P-CAROL")
    ProjectFactory(owner=alice, name="Hidden Heights", visibility=Visibility.PERSONAL)
    ProjectFactory(owner=carol, name="Rotterdam Riverside")
    ProjectFactory(owner=alice, name="Utrecht Gardens")

    html = as_bob.get(reverse("properties:property_list")).content.decode()
    assert [ref in html for ref in ("P-BOB", "P-ALICE-OFFICE", "P-ALICE-PERSONAL", "P-CAROL")] == [
        True,
        True,
        False,
        False,
    ]
    assert mine.get_absolute_url() in html
    assert shared.get_absolute_url() in html
    html = as_bob.get(reverse("properties:project_list")).content.decode()
    assert "Utrecht Gardens" in html
    assert "Hidden Heights" not in html
    assert "Rotterdam Riverside" not in html


def test_owner_and_visibility_change_only_by_owner_or_admin(alice, bob, admin):
    prop = PropertyFactory(owner=alice)

    # A colleague editing the office record cannot change owner or visibility: both refused.
    prop.owner_id, prop.visibility = bob.pk, Visibility.PERSONAL
    with pytest.raises(ValidationError) as refused:
        services.property_save(record=prop, actor=bob)
    prop.refresh_from_db()
    assert (prop.owner_id, prop.visibility) == (alice.pk, Visibility.OFFICE)
    assert set(refused.value.message_dict) == {"owner", "visibility"}

    # The owner may make it personal but not give it away.
    prop.owner_id = bob.pk
    with pytest.raises(ValidationError) as refused:
        services.property_save(record=prop, actor=alice)
    assert set(refused.value.message_dict) == {"owner"}
    prop.owner_id, prop.visibility = alice.pk, Visibility.PERSONAL
    services.property_save(record=prop, actor=alice)
    prop.refresh_from_db()
    assert (prop.owner_id, prop.visibility) == (alice.pk, Visibility.PERSONAL)

    project = ProjectFactory(owner=alice)
    project.owner_id = bob.pk
    services.project_save(record=project, actor=admin)
    project.refresh_from_db()
    assert project.owner_id == bob.pk


def test_delete_removes_the_property_with_its_links(as_alice, alice):
    prop, _extra = make_property(alice, Visibility.OFFICE)
    response = as_alice.post(reverse("properties:property_delete", args=[prop.pk]))
    assert response.status_code == 302
    assert not Property.objects.filter(pk=prop.pk).exists()
    assert not PropertyLink.objects.exists()


def test_project_delete_keeps_its_units(as_alice, alice):
    project = ProjectFactory(owner=alice)
    unit = PropertyFactory(owner=alice, project=project)
    as_alice.post(reverse("properties:project_delete", args=[project.pk]))
    assert not Project.objects.exists()
    unit.refresh_from_db()
    assert unit.project_id is None

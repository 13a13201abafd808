"""Every collection a user or an office can grow stops at its limit, with a message naming it,
on the web pages and in the API alike (the services check it; the setting lowers it here)."""

import pytest
from django.core.exceptions import ValidationError

from estatedesk.classification import services as classification_services
from estatedesk.classification.models import Category, LeadSource
from estatedesk.classification.tests.factories import CategoryFactory
from estatedesk.contactlinks.services import contact_link_add
from estatedesk.contacts import services as contact_services
from estatedesk.contacts.tests.factories import ContactFactory, RelationFactory
from estatedesk.core import services as core_services
from estatedesk.core.limits import LIMITS, limit_value
from estatedesk.deals import services as deal_services
from estatedesk.properties import services as property_services
from estatedesk.properties.tests.factories import ProjectFactory, PropertyFactory
from estatedesk.webhooks import services as webhook_services

pytestmark = pytest.mark.django_db


@pytest.fixture
def limits(settings):
    """Lower limits: `limits(key=n)` sets them for the test."""

    def lower(**values: int) -> None:
        settings.ESTATEDESK_LIMITS = values

    return lower


def refused_on(exc: pytest.ExceptionInfo[ValidationError], field: str) -> str:
    return " ".join(exc.value.message_dict[field])


def test_every_limit_has_a_sane_default_and_a_message_naming_it():
    for limit in LIMITS.values():
        assert limit.default >= 10
        assert str(limit.default) in limit.message()


def test_setting_overrides_a_limit(limits):
    limits(categories_per_user=7)

    assert limit_value("categories_per_user") == 7
    assert limit_value("lead_sources_per_office") == LIMITS["lead_sources_per_office"].default


def test_categories_stop_at_the_users_limit_and_say_so(alice, bob, limits):
    limits(categories_per_user=2)
    CategoryFactory.create_batch(2, owner=alice)

    with pytest.raises(ValidationError) as exc:
        classification_services.category_create(actor=alice, name="Third")
    bobs = classification_services.category_create(actor=bob, name="Bob's first")

    assert "at most 2 categories" in refused_on(exc, "name")
    assert Category.objects.filter(owner=alice).count() == 2
    assert bobs.pk  # another user's categories are not counted against her


def test_categories_nest_at_most_the_depth_limit(alice, limits):
    limits(category_depth=3)
    top = classification_services.category_create(actor=alice, name="1")
    middle = classification_services.category_create(actor=alice, name="2", parent=top)
    bottom = classification_services.category_create(actor=alice, name="3", parent=middle)
    other = classification_services.category_create(actor=alice, name="other")
    below = classification_services.category_create(actor=alice, name="below", parent=other)

    with pytest.raises(ValidationError) as too_deep:
        classification_services.category_create(actor=alice, name="4", parent=bottom)
    with pytest.raises(ValidationError) as moved_too_deep:
        # `other` brings its child along: 3 + 2 levels.
        classification_services.category_move(category=other, actor=alice, parent=bottom)
    moved = classification_services.category_move(category=below, actor=alice, parent=middle)

    assert "at most 3 levels" in refused_on(too_deep, "parent")
    assert "at most 3 levels" in refused_on(moved_too_deep, "parent")
    assert moved.parent_id == middle.pk


def test_api_answers_400_with_the_limit_on_the_field(alice, alice_api, limits):
    limits(categories_per_user=1)
    CategoryFactory(owner=alice)

    response = alice_api.post("/api/categories/", {"name": "One too many"})

    assert response.status_code == 400
    assert "at most 1 category" in str(response.json()["name"])


def test_lead_sources_stop_at_the_office_limit(admin, admin_api, limits):
    existing = LeadSource.objects.filter(office_id=admin.office_id).count()
    limits(lead_sources_per_office=existing)

    web = admin_api.post("/api/lead-sources/", {"name": "Billboard"})

    assert web.status_code == 400
    assert f"at most {existing} lead sources" in str(web.json()["name"])


def test_custom_fields_stop_at_the_office_limit(admin, admin_api, limits):
    limits(custom_fields_per_office=1)
    core_services.custom_field_create(
        actor=admin, target="contact", key="budget", label="Budget", field_type="number"
    )

    response = admin_api.post(
        "/api/custom-fields/",
        {"target": "lead", "key": "size", "label": "Size", "field_type": "number"},
    )

    assert response.status_code == 400
    assert "at most 1 custom field" in str(response.json()["key"])


def test_deal_stages_stop_at_the_office_limit(admin, limits):
    stages = deal_services.stages_for_office(admin.staff_office)
    limits(deal_stages_per_office=len(stages))

    with pytest.raises(ValidationError) as exc:
        deal_services.stage_create(actor=admin, name="Extra")

    assert f"at most {len(stages)} stages" in refused_on(exc, "name")


def test_contact_links_stop_at_the_limit_of_either_contact(alice, limits):
    limits(links_per_contact=1)
    ann, bram, cees = (ContactFactory(owner=alice) for _ in range(3))
    contact_link_add(from_contact=ann, to_contact=bram, kind="partner", actor=alice)

    with pytest.raises(ValidationError) as from_full:
        contact_link_add(from_contact=ann, to_contact=cees, kind="colleague", actor=alice)
    with pytest.raises(ValidationError) as to_full:
        contact_link_add(from_contact=cees, to_contact=bram, kind="colleague", actor=alice)

    assert "at most 1 link" in refused_on(from_full, "to_contact")
    assert "at most 1 link" in refused_on(to_full, "to_contact")


def test_property_links_stop_at_the_limit(alice, alice_api, limits):
    limits(links_per_property=1)
    record = PropertyFactory(owner=alice)
    first, second = ContactFactory(owner=alice), ContactFactory(owner=alice)
    property_services.property_link_add(property=record, actor=alice, role="buyer", contact=first)

    response = alice_api.post(
        "/api/property-links/",
        {"property": record.pk, "contact": second.pk, "role": "buyer"},
        format="json",
    )

    assert response.status_code == 400
    assert "at most 1 linked" in str(response.json()["contact"])


def test_phones_and_emails_per_record_are_limited(alice_api, limits):
    limits(phones_per_record=2, emails_per_record=1)
    phones = [{"number": f"+3161234567{i}"} for i in range(3)]
    emails = [{"email": f"{i}@example.org"} for i in range(2)]

    too_many_phones = alice_api.post(
        "/api/contacts/", {"last_name": "X", "phones": phones}, format="json"
    )
    too_many_emails = alice_api.post(
        "/api/contacts/", {"last_name": "X", "emails": emails}, format="json"
    )
    enough = alice_api.post(
        "/api/contacts/", {"last_name": "X", "phones": phones[:2], "emails": emails[:1]},
        format="json",
    )  # fmt: skip

    assert too_many_phones.status_code == 400
    assert "at most 2 phone numbers" in str(too_many_phones.json()["phones"])
    assert too_many_emails.status_code == 400
    assert "at most 1 e-mail address" in str(too_many_emails.json()["emails"])
    assert enough.status_code == 201, enough.json()


def test_contact_persons_of_a_relation_are_limited(alice, limits):
    limits(contact_persons_per_relation=1)
    relation = RelationFactory(owner=alice)
    first, second = ContactFactory(owner=alice), ContactFactory(owner=alice)
    contact_services.contact_person_add(
        relation=relation, contact=first, role="finance", actor=alice
    )

    with pytest.raises(ValidationError) as exc:
        contact_services.contact_person_add(
            relation=relation, contact=second, role="finance", actor=alice
        )

    assert "at most 1 contact person" in refused_on(exc, "contact")


def test_people_of_a_project_are_limited(alice, limits):
    limits(people_per_project=1)
    project = ProjectFactory(owner=alice)
    first, second = ContactFactory(owner=alice), ContactFactory(owner=alice)
    property_services.project_person_add(
        project=project, contact=first, role="architect", actor=alice
    )

    with pytest.raises(ValidationError) as exc:
        property_services.project_person_add(
            project=project, contact=second, role="architect", actor=alice
        )

    assert "at most 1 person" in refused_on(exc, "contact")


def test_webhooks_of_an_office_are_limited(admin, limits, settings):
    limits(webhooks_per_office=1)
    settings.WEBHOOKS_ALLOW_PRIVATE_HOSTS = True  # an address, not a name: nothing is resolved
    webhook_services.webhook_create(
        actor=admin, url="http://127.0.0.1:9/a", events=["contact.created"]
    )

    with pytest.raises(ValidationError) as exc:
        webhook_services.webhook_create(
            actor=admin, url="http://127.0.0.1:9/b", events=["contact.created"]
        )

    assert "at most 1 webhook" in refused_on(exc, "url")

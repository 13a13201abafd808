"""A relation's contact persons, and a contact's relations, shown from both sides."""

import pytest
from django.urls import reverse

from estatedesk.contacts.models import ContactPerson
from estatedesk.contacts.tests.factories import ContactFactory, RelationFactory
from estatedesk.core.choices import Visibility

pytestmark = pytest.mark.django_db


def test_contact_person_is_added_with_a_role_and_shows_on_both_sides(as_alice, alice):
    relation = RelationFactory(owner=alice, name="Bouwfonds Noord")
    contact = ContactFactory(owner=alice, first_name="Jan", last_name="Smit")
    response = as_alice.post(
        reverse("contacts:relation_person_add", args=[relation.pk]),
        {"contact": contact.pk, "role": "project_manager", "is_primary": "on"},
    )
    assert response.status_code == 302
    person = ContactPerson.objects.get()
    assert (person.relation, person.contact, person.role) == (relation, contact, "project_manager")
    people_tab = as_alice.get(relation.get_absolute_url(), {"tab": "people"}).content.decode()
    assert "Jan Smit" in people_tab
    assert "Project manager" in people_tab
    contact_tab = as_alice.get(contact.get_absolute_url(), {"tab": "people"}).content.decode()
    assert "Bouwfonds Noord" in contact_tab


def test_a_contact_may_work_with_several_relations(as_alice, alice):
    contact = ContactFactory(owner=alice)
    for name in ("Bank A", "Bank B"):
        relation = RelationFactory(owner=alice, name=name, relation_type="bank")
        as_alice.post(
            reverse("contacts:relation_person_add", args=[relation.pk]),
            {"contact": contact.pk, "role": "finance"},
        )
    tab = as_alice.get(contact.get_absolute_url(), {"tab": "people"}).content.decode()
    assert "Bank A" in tab
    assert "Bank B" in tab


def test_same_contact_twice_at_one_relation_is_refused(as_alice, alice):
    relation, contact = RelationFactory(owner=alice), ContactFactory(owner=alice)
    url = reverse("contacts:relation_person_add", args=[relation.pk])
    as_alice.post(url, {"contact": contact.pk, "role": "finance"})
    response = as_alice.post(url, {"contact": contact.pk, "role": "support"}, follow=True)
    assert "already a contact person" in response.content.decode()
    assert ContactPerson.objects.count() == 1


def test_invisible_contact_cannot_be_added_or_seen_as_contact_person(as_bob, alice, bob):
    relation = RelationFactory(owner=bob)
    secret = ContactFactory(owner=alice, visibility=Visibility.PERSONAL, last_name="Secretive")
    response = as_bob.post(
        reverse("contacts:relation_person_add", args=[relation.pk]),
        {"contact": secret.pk, "role": "finance"},
    )
    assert response.status_code == 302
    assert ContactPerson.objects.count() == 0
    # Even when linked by its owner, it stays out of Bob's view of the relation.
    ContactPerson.objects.create(office=relation.office, relation=relation, contact=secret,
                                 role="finance")  # fmt: skip
    tab = as_bob.get(relation.get_absolute_url(), {"tab": "people"}).content.decode()
    assert "Secretive" not in tab


def test_contact_page_hides_relations_the_user_cannot_see(as_bob, alice, bob):
    contact = ContactFactory(owner=bob)
    hidden = RelationFactory(owner=alice, visibility=Visibility.PERSONAL, name="Hidden BV")
    ContactPerson.objects.create(office=contact.office, relation=hidden, contact=contact,
                                 role="finance")  # fmt: skip
    tab = as_bob.get(contact.get_absolute_url(), {"tab": "people"}).content.decode()
    assert "Hidden BV" not in tab


def test_categories_tab_files_the_record_in_my_categories_only(as_bob, alice, bob):
    from estatedesk.classification.tests.factories import CategoryFactory

    mine, alices = CategoryFactory(owner=bob, name="Bob's"), CategoryFactory(owner=alice)
    contact = ContactFactory(owner=alice, categories=[alices])
    url = reverse("contacts:contact_categories", args=[contact.pk])
    as_bob.post(url, {"categories": [mine.pk]})
    assert set(contact.categories.all()) == {mine, alices}
    as_bob.post(url, {"categories": [alices.pk]})  # not his: refused, nothing changes
    assert set(contact.categories.all()) == {mine, alices}
    tab = as_bob.get(contact.get_absolute_url(), {"tab": "categories"}).content.decode()
    assert "Bob&#x27;s" in tab
    assert alices.name not in tab


def test_many_contact_persons_are_paged_on_the_tab(as_alice, alice, monkeypatch):
    from estatedesk.contacts import selectors

    monkeypatch.setattr(selectors, "PEOPLE_PER_PAGE", 2)
    relation = RelationFactory(owner=alice)
    ContactPerson.objects.bulk_create(
        ContactPerson(office_id=relation.office_id, relation=relation, contact=c, role="finance")
        for c in ContactFactory.create_batch(3, owner=alice)
    )
    htmx = {"HX-Request": "true", "HX-Target": "tab-panel"}

    first = as_alice.get(relation.get_absolute_url(), {"tab": "people"}, headers=htmx)
    second = as_alice.get(relation.get_absolute_url(), {"tab": "people", "page": 2}, headers=htmx)

    assert first.content.decode().count("/remove/") == 2
    assert "Page 1 of 2" in first.content.decode()
    assert second.content.decode().count("/remove/") == 1

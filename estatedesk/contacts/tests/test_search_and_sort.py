"""The list search box and the name sort: indexed, accent- and case-blind, on both databases."""

import pytest
from django.urls import reverse

from estatedesk.contacts import services
from estatedesk.contacts.models import Contact
from estatedesk.contacts.tests.factories import ContactFactory, LeadFactory, RelationFactory

pytestmark = pytest.mark.django_db


def rows(response) -> list[str]:
    html = response.content.decode()
    return [
        p.split('"')[0].rstrip("/") for p in html.split('href="/contacts/')[1:] if p[0].isdigit()
    ]


@pytest.mark.parametrize(
    "query",
    [
        "bökenkamp",
        "Bokenkamp",
        "BOKEN",
        "kenka",
        "jan bok",
        "j.bokenkamp@",
        "+49 151",
        "151 2345",
        "J.Bokenkamp@Example.DE",
        "jan j.bokenkamp@example.de",
    ],
)
def test_search_finds_by_folded_name_email_and_phone(as_alice, alice, query):
    hit = ContactFactory(
        owner=alice, first_name="Jan", last_name="Bökenkamp",
        emails=["J.Bokenkamp@example.de"], phones=["+4915123456789"],
    )  # fmt: skip
    ContactFactory(owner=alice, first_name="Piet", last_name="Jansen", phones=["+31612345678"])
    response = as_alice.get(reverse("contacts:contact_list"), {"q": query})
    assert rows(response) == [str(hit.pk)]


def test_search_sees_a_changed_name_at_once(alice):
    contact = ContactFactory(owner=alice, last_name="Oldname")
    contact.last_name = "Newname"
    services.record_save(record=contact, actor=alice)
    found = Contact.objects.visible_to(alice).search("newnam")
    assert list(found) == [contact]
    assert not Contact.objects.visible_to(alice).search("oldnam").exists()


def test_search_of_a_deleted_record_finds_nothing(alice):
    contact = ContactFactory(owner=alice, last_name="Gone")
    services.record_delete(record=contact, actor=alice)
    assert not Contact.objects.visible_to(alice).search("gone").exists()


def test_short_words_narrow_the_indexed_ones(alice):
    de = ContactFactory(owner=alice, first_name="Anne", last_name="de Wit")
    ContactFactory(owner=alice, first_name="Anne", last_name="Wittebrood")
    assert list(Contact.objects.visible_to(alice).search("de wit")) == [de]


@pytest.mark.parametrize("factory", [LeadFactory, RelationFactory])
def test_leads_and_relations_are_searchable_too(alice, factory):
    record = factory(owner=alice, emails=["findme@example.org"])
    model = type(record)
    assert list(model.objects.visible_to(alice).search("findme")) == [record]


def test_name_sort_ignores_case_and_accents(as_alice, alice):
    names = ["Zwart", "de Boer", "Bökenkamp", "Butselaar", "Álvarez", "bakker"]
    made = {name: ContactFactory(owner=alice, first_name="X", last_name=name) for name in names}
    shown = rows(as_alice.get(reverse("contacts:contact_list"), {"ordering": "name"}))
    order = {pk: name for name, c in made.items() for pk in [str(c.pk)]}
    assert [order[pk] for pk in shown] == [
        "Álvarez", "bakker", "Bökenkamp", "Butselaar", "de Boer", "Zwart",
    ]  # fmt: skip


def test_never_contacted_sorts_last_when_descending(as_alice, alice):
    from datetime import UTC, datetime

    never = ContactFactory(owner=alice, last_contacted_at=None)
    old = ContactFactory(owner=alice, last_contacted_at=datetime(2025, 1, 1, tzinfo=UTC))
    new = ContactFactory(owner=alice, last_contacted_at=datetime(2026, 1, 1, tzinfo=UTC))
    url = reverse("contacts:contact_list")
    desc = rows(as_alice.get(url, {"ordering": "-last_contacted"}))
    asc = rows(as_alice.get(url, {"ordering": "last_contacted"}))
    assert desc == [str(new.pk), str(old.pk), str(never.pk)]
    assert asc == [str(never.pk), str(old.pk), str(new.pk)]


def test_whole_email_address_matches_exactly_not_as_a_fragment(as_alice, alice):
    exact = ContactFactory(owner=alice, emails=["anna@example.org"])
    ContactFactory(owner=alice, emails=["hanna@example.org"])
    response = as_alice.get(reverse("contacts:contact_list"), {"q": "anna@example.org"})
    assert rows(response) == [str(exact.pk)]


def test_deep_page_rows_come_back_in_list_order(as_alice, alice):
    for i in range(60):
        ContactFactory(owner=alice, first_name="P", last_name=f"Page{i:02d}")
    shown = rows(as_alice.get(reverse("contacts:contact_list"), {"page": 3, "ordering": "-name"}))
    names = dict(Contact.objects.values_list("pk", "last_name"))
    assert [names[int(pk)] for pk in shown] == [f"Page{i:02d}" for i in range(9, -1, -1)]

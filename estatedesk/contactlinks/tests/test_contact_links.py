"""Links between contacts: shown on both sides with the right words, only to who sees both."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from estatedesk.contactlinks.models import ContactLink
from estatedesk.contactlinks.services import contact_link_add
from estatedesk.contacts.tests.factories import ContactFactory
from estatedesk.core.choices import Visibility
from estatedesk.core.testing.queries import count_queries

pytestmark = pytest.mark.django_db


def related_tab(client, contact) -> str:
    response = client.get(
        contact.get_absolute_url(),
        {"tab": "related"},
        headers={"HX-Request": "true", "HX-Target": "tab-panel"},
    )
    assert response.status_code == 200
    return " ".join(response.content.decode().split())


def add(client, contact, other, relationship="partner", **data):
    return client.post(
        reverse("contactlinks:add", args=[contact.pk]),
        {"relationship": relationship, "to_contact": other.pk, **data},
        follow=True,
    )


def row(label: str, contact) -> str:
    url = contact.get_absolute_url()
    return f'<td>{label}</td> <td><a href="{url}"><bdi>{contact}</bdi></a></td>'


@pytest.fixture
def ann(alice):
    return ContactFactory(owner=alice, first_name="Ann", last_name="Smit")


@pytest.fixture
def bram(alice):
    return ContactFactory(owner=alice, first_name="Bram", last_name="Visser")


def test_the_tab_is_on_contact_pages(as_alice, ann):
    assert ">Related contacts</a>" in as_alice.get(ann.get_absolute_url()).content.decode()


@pytest.mark.parametrize(
    ("relationship", "on_ann", "on_bram"),
    [
        ("partner", "Partner / spouse", "Partner / spouse"),
        ("family", "Family", "Family"),
        ("colleague", "Colleague", "Colleague"),
        ("referred_by", "Referred by", "Referred"),
        ("referred", "Referred", "Referred by"),
        ("assistant", "Assistant of", "Has assistant"),
        ("has_assistant", "Has assistant", "Assistant of"),
    ],
)
def test_link_shows_on_both_contacts_with_the_right_label(
    as_alice, ann, bram, relationship, on_ann, on_bram
):
    response = add(as_alice, ann, bram, relationship, note="Met at the viewing")

    assert "is now linked" in response.content.decode()
    assert ContactLink.objects.count() == 1
    assert row(on_ann, bram) in related_tab(as_alice, ann)
    assert row(on_bram, ann) in related_tab(as_alice, bram)
    assert "Met at the viewing" in related_tab(as_alice, bram)


def test_referred_by_is_stored_once_in_its_direction(as_alice, ann, bram, alice):
    add(as_alice, bram, ann, "referred")  # on Bram's page: Bram referred Ann
    link = ContactLink.objects.get()
    assert (link.from_contact, link.kind, link.to_contact) == (ann, "referred_by", bram)
    assert link.created_by == alice
    assert link.office_id == alice.office_id


def test_link_to_a_contact_the_user_cannot_see_is_not_shown(alice, bob, as_bob, ann):
    secret = ContactFactory(owner=alice, visibility=Visibility.PERSONAL, first_name="Geheim")
    contact_link_add(from_contact=ann, to_contact=secret, kind="family", actor=alice)

    tab = related_tab(as_bob, ann)

    assert "Geheim" not in tab
    assert "No related contacts yet." in tab


def test_adding_a_link_to_an_invisible_contact_is_refused(alice, as_bob, ann, bram):
    secret = ContactFactory(owner=alice, visibility=Visibility.PERSONAL)

    response = add(as_bob, ann, secret)
    assert "Choose a contact you can see." in response.content.decode()
    # Also when the invisible one would be the stored `from_contact`.
    response = add(as_bob, ann, secret, "has_assistant")
    assert "Choose a contact you can see." in response.content.decode()
    # And from the page of a contact bob cannot see at all.
    assert add(as_bob, secret, bram).status_code == 404

    assert not ContactLink.objects.exists()


def test_contact_of_another_office_cannot_be_picked_or_linked(carol, as_alice, ann):
    ContactFactory(owner=carol, first_name="Ann", last_name="Smitsen")
    elsewhere = ContactFactory(owner=carol, first_name="Zora", last_name="Elders")

    picker = as_alice.get(reverse("contactlinks:picker", args=[ann.pk]), {"q": "Zora"})
    assert "Zora" not in picker.content.decode()
    assert "No contact you can see matches." in picker.content.decode()

    response = add(as_alice, ann, elsewhere)
    assert "Choose a contact you can see." in response.content.decode()
    assert not ContactLink.objects.exists()

    with pytest.raises(ValidationError) as exc:
        contact_link_add(from_contact=ann, to_contact=elsewhere, kind="family", actor=ann.owner)
    assert "to_contact" in exc.value.message_dict


def test_picker_returns_visible_matches_only_and_at_most_ten(alice, bob, as_bob, ann):
    for i in range(12):
        ContactFactory(owner=alice, first_name=f"Jansen{i:02}", last_name="Jansen")
    ContactFactory(owner=alice, visibility=Visibility.PERSONAL, last_name="Jansen-Privé")

    html = as_bob.get(reverse("contactlinks:picker", args=[ann.pk]), {"q": "jansen"})

    assert html.content.decode().count('name="to_contact"') == 10
    assert "Privé" not in html.content.decode()


def test_picker_leaves_out_the_contact_itself(as_alice, ann, bram):
    html = as_alice.get(reverse("contactlinks:picker", args=[ann.pk]), {"q": "Smit"})
    assert f'value="{ann.pk}"' not in html.content.decode()
    html = as_alice.get(reverse("contactlinks:picker", args=[ann.pk]), {"q": "Visser"})
    assert f'value="{bram.pk}"' in html.content.decode()


def test_self_link_is_refused_with_a_message(as_alice, ann):
    response = add(as_alice, ann, ann)
    assert "A contact cannot be linked to itself." in response.content.decode()
    assert not ContactLink.objects.exists()


@pytest.mark.parametrize(("first", "second"), [("partner", "partner"), ("family", "family")])
def test_duplicate_link_is_refused_either_way_round(as_alice, ann, bram, first, second):
    add(as_alice, ann, bram, first)

    again = add(as_alice, ann, bram, second)
    reversed_ = add(as_alice, bram, ann, second)

    for response in (again, reversed_):
        assert "are already linked as" in response.content.decode()
    assert ContactLink.objects.count() == 1


def test_a_directed_link_may_exist_both_ways_but_not_twice(as_alice, ann, bram):
    add(as_alice, ann, bram, "referred_by")
    assert "are already linked as" in add(as_alice, ann, bram, "referred_by").content.decode()
    add(as_alice, ann, bram, "colleague")  # another kind between the same two is fine
    assert ContactLink.objects.count() == 2


def test_remove_works_from_either_side(alice, as_alice, ann, bram):
    link = contact_link_add(from_contact=ann, to_contact=bram, kind="family", actor=alice)

    response = as_alice.post(reverse("contactlinks:remove", args=[bram.pk, link.pk]))

    assert response.status_code == 302
    assert response["Location"] == f"{bram.get_absolute_url()}?tab=related"
    assert not ContactLink.objects.exists()


def test_remove_is_refused_when_a_contact_is_invisible(alice, as_bob, as_carol, ann):
    secret = ContactFactory(owner=alice, visibility=Visibility.PERSONAL)
    link = contact_link_add(from_contact=ann, to_contact=secret, kind="family", actor=alice)

    assert as_bob.post(reverse("contactlinks:remove", args=[ann.pk, link.pk])).status_code == 404
    assert as_bob.post(reverse("contactlinks:remove", args=[secret.pk, link.pk])).status_code == 404
    assert as_carol.post(reverse("contactlinks:remove", args=[ann.pk, link.pk])).status_code == 404
    # The same with the invisible contact on the stored `from` side.
    back = contact_link_add(from_contact=secret, to_contact=ann, kind="referred_by", actor=alice)
    assert as_bob.post(reverse("contactlinks:remove", args=[ann.pk, back.pk])).status_code == 404
    assert ContactLink.objects.count() == 2


def test_anonymous_is_sent_to_login(client, ann, bram):
    response = client.post(
        reverse("contactlinks:add", args=[ann.pk]),
        {"relationship": "family", "to_contact": bram.pk},
    )
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]
    assert not ContactLink.objects.exists()


def test_deleting_a_contact_removes_its_links(alice, ann, bram):
    contact_link_add(from_contact=ann, to_contact=bram, kind="family", actor=alice)
    bram.delete()
    assert not ContactLink.objects.exists()


def test_tab_queries_do_not_grow_with_links(alice, as_alice, ann):
    def link_more(count: int, kinds=("family", "referred_by")):
        for i in range(count):
            other = ContactFactory(owner=alice)
            if i % 2:
                contact_link_add(from_contact=ann, to_contact=other, kind=kinds[0], actor=alice)
            else:
                contact_link_add(from_contact=other, to_contact=ann, kind=kinds[1], actor=alice)

    link_more(2)
    related_tab(as_alice, ann)  # the first view reads the office's lists (accounts.officecache)
    with count_queries() as two:
        related_tab(as_alice, ann)
    link_more(8)
    with count_queries() as ten:
        tab = related_tab(as_alice, ann)
    assert tab.count("/remove/") == 10
    assert len(ten) == len(two)


def test_database_refuses_self_links_and_reversed_symmetric_duplicates(alice, ann, bram):
    def create(a, b, kind):
        with transaction.atomic():
            ContactLink.objects.create(office=alice.office, from_contact=a, to_contact=b, kind=kind)

    create(ann, bram, "partner")
    with pytest.raises(IntegrityError):
        create(bram, ann, "partner")
    with pytest.raises(IntegrityError):
        create(ann, ann, "family")
    create(bram, ann, "referred_by")
    create(ann, bram, "referred_by")  # a directed kind may point both ways
    assert ContactLink.objects.count() == 3


def test_many_links_are_paged_on_the_tab(as_alice, alice, ann, monkeypatch):
    from estatedesk.contactlinks import selectors

    monkeypatch.setattr(selectors, "RELATED_PER_PAGE", 2)
    for other in ContactFactory.create_batch(3, owner=alice):
        contact_link_add(from_contact=ann, to_contact=other, kind="colleague", actor=alice)

    first = related_tab(as_alice, ann)
    second = as_alice.get(
        ann.get_absolute_url(),
        {"tab": "related", "page": 2},
        headers={"HX-Request": "true", "HX-Target": "tab-panel"},
    ).content.decode()

    assert first.count("/remove/") == 2
    assert "Page 1 of 2" in first
    assert second.count("/remove/") == 1

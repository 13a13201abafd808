"""Who sees which contact: owner, colleagues, other offices — through the web client."""

import pytest
from django.urls import reverse

from estatedesk.contacts.models import Contact
from estatedesk.contacts.tests.factories import ContactFactory, LeadFactory, RelationFactory
from estatedesk.core.choices import Visibility

pytestmark = pytest.mark.django_db


@pytest.fixture
def personal_contact(alice):
    return ContactFactory(
        owner=alice, visibility=Visibility.PERSONAL, first_name="Paula", last_name="Private",
        emails=["paula@example.org"], phones=["+31612345678"],
    )  # fmt: skip


def test_owner_sees_personal_contact_in_list_and_detail(as_alice, personal_contact):
    assert "Private" in as_alice.get(reverse("contacts:contact_list")).content.decode()
    assert as_alice.get(personal_contact.get_absolute_url()).status_code == 200


def test_colleague_cannot_list_personal_contact(as_bob, personal_contact):
    response = as_bob.get(reverse("contacts:contact_list"))
    assert response.status_code == 200
    assert "Private" not in response.content.decode()


@pytest.mark.parametrize("query", ["Private", "paula@example.org", "612345678", "06 1234 5678"])
def test_colleague_cannot_find_personal_contact_by_search(
    as_bob, as_alice, personal_contact, query
):
    url, link = reverse("contacts:contact_list"), f'href="{personal_contact.get_absolute_url()}"'
    assert link in as_alice.get(url, {"q": query}).content.decode()
    assert link not in as_bob.get(url, {"q": query}).content.decode()


@pytest.mark.parametrize("name", ["contact_detail", "contact_edit", "contact_delete"])
def test_colleague_cannot_open_edit_or_delete_personal_contact(as_bob, personal_contact, name):
    url = reverse(f"contacts:{name}", args=[personal_contact.pk])
    assert as_bob.get(url).status_code == 404
    if name != "contact_detail":
        assert as_bob.post(url, {"first_name": "Hacked", "last_name": "X"}).status_code == 404
    personal_contact.refresh_from_db()
    assert personal_contact.first_name == "Paula"
    assert Contact.objects.filter(pk=personal_contact.pk).exists()


def test_colleague_sees_contact_once_owner_shares_it(as_alice, as_bob, personal_contact):
    url = personal_contact.get_absolute_url()
    assert as_bob.get(url).status_code == 404
    response = as_alice.post(reverse("contacts:contact_share", args=[personal_contact.pk]),
                             {"visibility": Visibility.OFFICE})  # fmt: skip
    assert response.status_code == 302
    assert as_bob.get(url).status_code == 200
    assert "Private" in as_bob.get(reverse("contacts:contact_list")).content.decode()


def test_colleague_cannot_share_someone_elses_personal_contact(as_bob, personal_contact):
    url = reverse("contacts:contact_share", args=[personal_contact.pk])
    assert as_bob.post(url, {"visibility": Visibility.OFFICE}).status_code == 404
    personal_contact.refresh_from_db()
    assert personal_contact.visibility == Visibility.PERSONAL


@pytest.mark.parametrize("factory", [ContactFactory, LeadFactory, RelationFactory])
def test_other_office_never_sees_office_records(as_carol, alice, factory):
    record = factory(owner=alice, visibility=Visibility.OFFICE)
    model = record._meta.model_name
    assert as_carol.get(record.get_absolute_url()).status_code == 404
    assert as_carol.get(reverse(f"contacts:{model}_edit", args=[record.pk])).status_code == 404
    listing = as_carol.get(reverse(f"contacts:{model}_list")).content.decode()
    assert str(record) not in listing


def test_anonymous_is_sent_to_login(client, personal_contact):
    response = client.get(personal_contact.get_absolute_url())
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]

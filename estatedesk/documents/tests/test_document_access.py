"""A document is served only to who may see its record; everyone else gets a 404."""

import pytest
from django.urls import reverse

from estatedesk.contacts.tests.factories import ContactFactory
from estatedesk.core.choices import Visibility
from estatedesk.documents.models import Document

from .factories import PDF, upload

pytestmark = pytest.mark.django_db


def download(client, document):
    return client.get(reverse("documents:download", args=[document.pk]))


@pytest.fixture
def personal_contact(alice):
    return ContactFactory(owner=alice, visibility=Visibility.PERSONAL)


def test_owner_downloads_the_uploaded_file(alice, as_alice, personal_contact):
    document = upload(personal_contact, alice, name="Koopakte de Boer.pdf")

    response = download(as_alice, document)

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "Koopakte de Boer.pdf" in response["Content-Disposition"]


def test_colleague_cannot_download_a_personal_contacts_document(alice, as_bob, personal_contact):
    document = upload(personal_contact, alice)
    assert download(as_bob, document).status_code == 404


def test_colleague_can_download_once_the_contact_is_shared(alice, as_bob, personal_contact):
    document = upload(personal_contact, alice)
    personal_contact.visibility = Visibility.OFFICE
    personal_contact.save()

    response = download(as_bob, document)

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF


def test_other_office_gets_404_even_for_an_office_contact(alice, as_carol):
    document = upload(ContactFactory(owner=alice), alice)
    assert download(as_carol, document).status_code == 404


def test_office_administrator_does_not_see_a_colleagues_personal_document(
    alice, as_admin, personal_contact
):
    document = upload(personal_contact, alice)
    assert download(as_admin, document).status_code == 404


def test_anonymous_is_sent_to_login(alice, client, personal_contact):
    document = upload(personal_contact, alice)
    response = download(client, document)
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_delete_needs_the_uploader_owner_or_an_administrator(alice, bob, as_bob, as_admin):
    contact = ContactFactory(owner=alice)
    document = upload(contact, alice)
    url = reverse("documents:delete", args=[document.pk])

    assert as_bob.post(url).status_code == 403
    assert Document.objects.filter(pk=document.pk).exists()

    assert as_admin.post(url).status_code == 302
    assert not Document.objects.filter(pk=document.pk).exists()


def test_delete_of_an_invisible_document_is_404(alice, as_bob, as_carol, personal_contact):
    document = upload(personal_contact, alice)
    url = reverse("documents:delete", args=[document.pk])
    assert as_bob.post(url).status_code == 404
    assert as_carol.post(url).status_code == 404
    assert Document.objects.filter(pk=document.pk).exists()


@pytest.mark.parametrize("kind", ["property", "project", "deal"])
def test_documents_of_properties_projects_and_deals_follow_their_record(alice, as_bob, kind):
    from estatedesk.deals.models import Deal
    from estatedesk.deals.services import deal_save
    from estatedesk.properties.tests.factories import ProjectFactory, PropertyFactory

    make = {
        "property": lambda v: PropertyFactory(owner=alice, visibility=v),
        "project": lambda v: ProjectFactory(owner=alice, visibility=v),
        "deal": lambda v: deal_save(deal=Deal(title="Mandate", visibility=v), actor=alice),
    }[kind]
    hidden = upload(make(Visibility.PERSONAL), alice, name="mandate.pdf")
    shared = upload(make(Visibility.OFFICE), alice, name="mandate.pdf")

    assert download(as_bob, hidden).status_code == 404
    assert download(as_bob, shared).status_code == 200

"""The Documents tab on record pages: listed with uploader and time, in constant queries."""

import pytest

from estatedesk.accounts.tests.factories import UserFactory
from estatedesk.contacts.tests.factories import ContactFactory, LeadFactory, RelationFactory
from estatedesk.core import tabs
from estatedesk.core.testing.queries import count_queries

from .factories import upload

pytestmark = pytest.mark.django_db


def tab(client, record):
    return client.get(
        record.get_absolute_url(),
        {"tab": "documents"},
        headers={"HX-Request": "true", "HX-Target": "tab-panel"},
    )


@pytest.mark.parametrize("factory", [LeadFactory, ContactFactory, RelationFactory])
def test_tab_is_on_leads_contacts_and_relations_with_an_upload_form(alice, as_alice, factory):
    record = factory(owner=alice)
    page = as_alice.get(record.get_absolute_url()).content.decode()
    assert ">Documents</a>" in page

    fragment = tab(as_alice, record).content.decode()
    assert 'enctype="multipart/form-data"' in fragment
    assert f"/documents/upload/contacts/{record._meta.model_name}/{record.pk}/" in fragment


def test_tab_lists_only_this_records_documents_with_uploader(alice, bob, as_alice, private_dir):
    contact = ContactFactory(owner=alice)
    upload(contact, bob, name="floorplan.pdf", kind="floor_plan")
    upload(ContactFactory(owner=alice), alice, name="someone-else.pdf")

    fragment = tab(as_alice, contact).content.decode()

    assert "floorplan.pdf" in fragment
    assert "Floor plan" in fragment
    assert "Bob Agent" in fragment
    assert "someone-else.pdf" not in fragment


def test_tab_queries_do_not_grow_with_documents(alice, office, as_alice, private_dir):
    contact = ContactFactory(owner=alice)
    uploaders = [UserFactory(office=office) for _ in range(10)]
    for user in uploaders[:2]:
        upload(contact, user)
    tab(as_alice, contact)  # the first view reads the office's lists (accounts.officecache)
    with count_queries() as two:
        assert tab(as_alice, contact).status_code == 200
    for user in uploaders[2:]:
        upload(contact, user)
    with count_queries() as ten:
        response = tab(as_alice, contact)
    assert response.content.decode().count("/download/") >= 10
    assert len(ten) == len(two)


def test_tab_is_registered_for_every_allowlisted_label():
    # Properties and deals build their pages in parallel; the registry is keyed by label.
    for label in (
        "contacts.lead",
        "contacts.contact",
        "contacts.relation",
        "properties.property",
        "properties.project",
        "deals.deal",
    ):
        assert "documents" in tabs._REGISTRY[label]

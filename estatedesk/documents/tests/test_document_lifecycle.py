"""Documents follow their record: deleted with it, moved to the contact a lead becomes."""

import pytest
from django.urls import reverse

from estatedesk.contacts.conversion import lead_convert
from estatedesk.contacts.services import record_delete
from estatedesk.contacts.tests.factories import ContactFactory, LeadFactory
from estatedesk.documents.models import Document
from estatedesk.documents.services import document_delete

from .conftest import stored_files
from .factories import PDF, upload

pytestmark = pytest.mark.django_db


def test_deleting_a_contact_removes_its_documents_and_files(
    alice, private_dir, django_capture_on_commit_callbacks
):
    contact = ContactFactory(owner=alice)
    other = ContactFactory(owner=alice)
    upload(contact, alice, name="a.pdf")
    upload(contact, alice, name="b.pdf")
    kept = upload(other, alice, name="c.pdf")

    with django_capture_on_commit_callbacks(execute=True):
        record_delete(record=contact, actor=alice)

    assert list(Document.objects.all()) == [kept]
    assert [p.name for p in stored_files(private_dir)] == ["c.pdf"]


def test_a_rolled_back_record_delete_keeps_the_files(
    alice, private_dir, django_capture_on_commit_callbacks
):
    contact = ContactFactory(owner=alice)
    upload(contact, alice)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        record_delete(record=contact, actor=alice)

    # The files go only in an on-commit callback; until then they are still there.
    assert len(stored_files(private_dir)) == 1
    assert len(callbacks) == 1


def test_deleting_a_document_removes_its_file_after_commit(
    alice, as_alice, private_dir, django_capture_on_commit_callbacks
):
    contact = ContactFactory(owner=alice)
    document = upload(contact, alice)

    with django_capture_on_commit_callbacks(execute=True):
        response = as_alice.post(reverse("documents:delete", args=[document.pk]))

    assert response.status_code == 302
    assert response["Location"] == f"{contact.get_absolute_url()}?tab=documents"
    assert not Document.objects.exists()
    assert stored_files(private_dir) == []


def test_record_owner_may_delete_a_colleagues_upload(alice, bob, private_dir):
    contact = ContactFactory(owner=alice)
    document = upload(contact, bob)
    document_delete(document=document, actor=alice)
    assert not Document.objects.exists()


def test_conversion_moves_the_leads_documents_to_the_contact(alice, as_alice, private_dir):
    lead = LeadFactory(owner=alice)
    upload(lead, alice, name="lead-id.pdf", kind="id_copy")

    contact = lead_convert(lead=lead, actor=alice)

    document = Document.objects.get()
    assert document.record == contact
    tab = as_alice.get(contact.get_absolute_url(), {"tab": "documents"}).content.decode()
    assert "lead-id.pdf" in tab
    download = as_alice.get(reverse("documents:download", args=[document.pk]))
    assert b"".join(download.streaming_content) == PDF


def test_conversion_merging_into_a_contact_keeps_both_sets(alice, private_dir):
    lead = LeadFactory(owner=alice)
    existing = ContactFactory(owner=alice)
    upload(lead, alice, name="from-lead.pdf")
    upload(existing, alice, name="already.pdf")

    lead_convert(lead=lead, actor=alice, merge_into=existing)

    assert {d.original_name for d in Document.objects.all() if d.record == existing} == {
        "from-lead.pdf",
        "already.pdf",
    }

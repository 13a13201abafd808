"""Field change history: who changed which field from what to what, through the web, the API
and services, and who may read it (whoever may see the record, and nobody else)."""

import pytest
from auditlog.models import LogEntry
from django.test import Client
from django.urls import reverse

from estatedesk.classification.models import LeadSource
from estatedesk.contacts import services as contact_services
from estatedesk.contacts.models import Contact, Lead
from estatedesk.contacts.tests.factories import ContactFactory, LeadFactory, RelationFactory
from estatedesk.contacts.tests.test_record_forms import form_data
from estatedesk.core.choices import Visibility
from estatedesk.deals import services as deal_services
from estatedesk.deals.tests.factories import DealFactory
from estatedesk.history.selectors import record_changes
from estatedesk.properties import services as property_services
from estatedesk.properties.tests.factories import PropertyFactory

pytestmark = pytest.mark.django_db


def updates(record) -> list[LogEntry]:
    return [e for e in record_changes(record) if e.action == LogEntry.Action.UPDATE]


@pytest.fixture
def contact(alice):
    return ContactFactory(owner=alice, first_name="Sanne", last_name="Visser")


def test_web_edit_records_field_old_new_and_the_user(as_alice, alice, contact):
    response = as_alice.post(
        reverse("contacts:contact_edit", args=[contact.pk]), form_data(last_name="de Vries")
    )
    assert response.status_code == 302
    (entry,) = [e for e in updates(contact) if "last_name" in e.changes]
    assert entry.changes["last_name"] == ["Visser", "de Vries"]
    assert entry.actor == alice


def test_api_edit_records_the_token_user_as_actor(bob, bob_api, contact):
    response = bob_api.patch(f"/api/contacts/{contact.pk}/", {"nickname": "Sas"}, format="json")
    assert response.status_code == 200, response.content
    (entry,) = updates(contact)
    assert entry.changes == {"nickname": ["", "Sas"]}
    assert entry.actor == bob


def test_change_without_a_request_is_the_systems(alice, contact):
    contact.nickname = "Sas"
    contact_services.record_save(record=contact, actor=alice)
    response_rows = updates(contact)
    assert response_rows[0].actor is None
    assert response_rows[0].changes == {"nickname": ["", "Sas"]}


def test_save_that_changes_nothing_writes_no_entry(alice, contact):
    contact_services.record_save(record=Contact.objects.get(pk=contact.pk), actor=alice)
    assert updates(contact) == []


def test_caches_and_timestamps_are_not_history(alice, contact):
    contact.first_name = "Sanna"
    contact_services.record_save(record=contact, actor=alice)
    (entry,) = updates(contact)
    assert set(entry.changes) == {"first_name"}  # not sort_name, search_text, updated_at


def test_changes_tab_shows_when_who_field_from_and_to(as_alice, bob, bob_api, contact):
    bob_api.patch(f"/api/contacts/{contact.pk}/", {"last_name": "de Vries"}, format="json")
    url = reverse("contacts:contact_detail", args=[contact.pk]) + "?tab=changes"
    response = as_alice.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="record-changes"' in html
    assert "Last name" in html
    assert "Visser" in html
    assert "de Vries" in html
    assert response.context["change_rows"][0].actor_label == str(bob)


def test_choices_and_foreign_keys_show_their_labels(as_alice, alice, office):
    lead = LeadFactory(owner=alice, last_name="Bakker", status="prospect")
    source = LeadSource.objects.create(office=office, name="Funda")
    lead.status, lead.source = "qualified", source
    contact_services.record_save(record=lead, actor=alice)
    response = as_alice.get(reverse("contacts:lead_detail", args=[lead.pk]) + "?tab=changes")
    rows = response.context["change_rows"]
    shown = {c.field: (c.old_display, c.new_display) for row in rows for c in row.changes}
    assert shown["status"] == ("Prospect", "Qualified")
    assert shown["source"] == ("", "Funda")
    assert rows[0].actor_label == "System"


def test_phone_numbers_are_logged_as_a_change_of_the_record(as_alice, alice, contact):
    data = form_data(last_name="Visser", **{"phones-0-number": "06 8765 4321"})
    as_alice.post(reverse("contacts:contact_edit", args=[contact.pk]), data)
    (entry,) = [e for e in updates(contact) if "phones" in e.changes]
    old, new = entry.changes["phones"]
    assert old == []
    assert new == ["+31687654321 (mobile, primary)"]
    assert entry.actor == alice


def test_unchanged_phones_are_not_rewritten_nor_logged(alice, contact):
    phones = [contact_services.PhoneIn(number="+31612345678")]
    contact_services.record_save(record=contact, actor=alice, phones=phones)
    stored = list(contact.phones.values_list("pk", flat=True))
    contact_services.record_save(record=contact, actor=alice, phones=phones)
    assert list(contact.phones.values_list("pk", flat=True)) == stored
    assert len([e for e in updates(contact) if "phones" in e.changes]) == 1


def test_deleting_a_record_erases_its_history(alice, contact):
    contact.nickname = "Sas"
    contact_services.record_save(record=contact, actor=alice)
    assert record_changes(contact).exists()
    pk = contact.pk
    contact_services.record_delete(record=contact, actor=alice)
    contact.pk = pk
    assert not record_changes(contact).exists()
    assert not LogEntry.objects.filter(object_id=pk, action=LogEntry.Action.DELETE).exists()


# --- who may read it --------------------------------------------------------------------


@pytest.fixture
def personal_contact(alice):
    record = ContactFactory(owner=alice, visibility=Visibility.PERSONAL, last_name="Geheim")
    record.nickname = "G"
    contact_services.record_save(record=record, actor=alice)
    return record


def test_colleague_cannot_open_the_changes_of_a_personal_record(as_bob, bob_api, personal_contact):
    url = reverse("contacts:contact_detail", args=[personal_contact.pk]) + "?tab=changes"
    assert as_bob.get(url).status_code == 404
    assert bob_api.get(f"/api/contacts/{personal_contact.pk}/changes/").status_code == 404


def test_other_office_cannot_open_the_changes(as_carol, carol_api, contact):
    url = reverse("contacts:contact_detail", args=[contact.pk]) + "?tab=changes"
    assert as_carol.get(url).status_code == 404
    assert carol_api.get(f"/api/contacts/{contact.pk}/changes/").status_code == 404


def test_owner_reads_the_changes_of_a_personal_record(alice_api, personal_contact):
    response = alice_api.get(f"/api/contacts/{personal_contact.pk}/changes/")
    assert response.status_code == 200
    assert response.json()["results"][0]["changes"][0]["field"] == "nickname"


def test_a_hidden_record_named_by_a_foreign_key_is_not_shown_by_name(
    alice, bob, bob_api, office, personal_contact
):
    deal = DealFactory(owner=alice)
    deal.buyer_contact = personal_contact
    deal_services.deal_save(deal=deal, actor=alice)
    changes = bob_api.get(f"/api/deals/{deal.pk}/changes/").json()["results"][0]["changes"]
    buyer = next(c for c in changes if c["field"] == "buyer_contact")
    assert "Geheim" not in buyer["new_display"]
    assert buyer["new"] == personal_contact.pk


# --- the API endpoint, for every kind of record -------------------------------------------


def _edit(kind: str, record, actor) -> None:
    if kind in ("leads", "contacts", "relations"):
        record.notes = "changed" if kind != "leads" else ""
        if kind == "leads":
            record.message = "changed"
        contact_services.record_save(record=record, actor=actor)
    elif kind == "properties":
        record.description = "changed"
        property_services.property_save(record=record, actor=actor)
    else:
        record.notes = "changed"
        deal_services.deal_save(deal=record, actor=actor)


FACTORIES = {
    "leads": LeadFactory,
    "contacts": ContactFactory,
    "relations": RelationFactory,
    "properties": PropertyFactory,
    "deals": DealFactory,
}


@pytest.mark.parametrize("kind", list(FACTORIES))
def test_changes_endpoint_of_every_record_kind(kind, alice, alice_api, bob_api, as_alice):
    record = FACTORIES[kind](owner=alice)
    _edit(kind, record, alice)
    response = alice_api.get(f"/api/{kind}/{record.pk}/changes/")
    assert response.status_code == 200, response.content
    body = response.json()
    (change,) = body["results"][0]["changes"]
    assert change["new"] == "changed"
    assert body["results"][0]["actor_label"] == "System"
    # Made personal, the record and its history vanish for a colleague.
    type(record).objects.filter(pk=record.pk).update(visibility=Visibility.PERSONAL)
    assert bob_api.get(f"/api/{kind}/{record.pk}/changes/").status_code == 404
    page = as_alice.get(record.get_absolute_url() + "?tab=changes")
    assert page.status_code == 200
    assert "changed" in page.content.decode()


def test_changes_are_paged_newest_first(alice, alice_api, as_alice, contact):
    for n in range(30):
        contact.nickname = f"n{n}"
        contact_services.record_save(record=contact, actor=alice)
    first = alice_api.get(f"/api/contacts/{contact.pk}/changes/").json()
    assert len(first["results"]) == 25
    assert first["results"][0]["changes"][0]["new"] == "n29"
    second = alice_api.get(first["next"]).json()
    assert [r["action"] for r in second["results"]][-1] == "create"
    assert len(second["results"]) == 6
    url = reverse("contacts:contact_detail", args=[contact.pk]) + "?tab=changes&page=2"
    assert len(as_alice.get(url).context["change_rows"]) == 6


def test_changes_endpoint_is_in_the_schema(alice_api):
    schema = alice_api.get("/api/schema/", HTTP_ACCEPT="application/json")
    text = schema.content.decode()
    for kind in FACTORIES:
        assert f"/api/{kind}/{{id}}/changes/" in text


# --- a record captured from a public web form ---------------------------------------------


def test_a_lead_from_a_web_form_was_created_by_the_form(contact_form, as_alice):
    Client().post(
        reverse("capture:submit", args=[contact_form.key]),
        {"first_name": "Eva", "last_name": "de Vries", "email": "eva@example.org"},
        REMOTE_ADDR="203.0.113.5",
    )
    lead = Lead.objects.get()
    response = as_alice.get(reverse("contacts:lead_detail", args=[lead.pk]) + "?tab=changes")
    rows = response.context["change_rows"]
    assert rows[-1].action == "create"
    assert rows[-1].actor_label == "Web form or e-mail intake"


@pytest.mark.parametrize("pk", ["abc", "99999999999999999999999", "0"])
def test_changes_of_an_id_no_record_has_is_a_json_404(alice_api, pk):
    response = alice_api.get(f"/api/contacts/{pk}/changes/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")

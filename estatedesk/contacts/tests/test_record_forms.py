"""Creating and editing records: every bad input gets a message on its field and saves nothing;
owner, office and visibility are never taken from a user who may not set them."""

import pytest
from django.urls import reverse

from estatedesk.classification.models import LeadSource
from estatedesk.classification.tests.factories import CategoryFactory
from estatedesk.contacts.models import Contact, Lead
from estatedesk.contacts.tests.factories import ContactFactory
from estatedesk.core.choices import Visibility
from estatedesk.core.models import CustomField

pytestmark = pytest.mark.django_db


def form_data(**overrides) -> dict:
    data = {
        "first_name": "Sanne",
        "last_name": "Visser",
        "visibility": "office",
        "is_active": "on",
        "phones-TOTAL_FORMS": "2",
        "phones-INITIAL_FORMS": "0",
        "phones-0-label": "mobile",
        "phones-0-number": "06 1234 5678",
        "phones-1-label": "work",
        "phones-1-number": "",
        "emails-TOTAL_FORMS": "1",
        "emails-INITIAL_FORMS": "0",
        "emails-0-label": "personal",
        "emails-0-email": "sanne@example.org",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def field_errors(response, name: str) -> list[str]:
    form = response.context["form"]
    return list(form.errors.get(name, []))


def test_contact_is_created_with_phone_in_e164(as_alice, alice):
    response = as_alice.post(reverse("contacts:contact_create"), form_data())
    contact = Contact.objects.get()
    assert response.status_code == 302
    assert contact.owner == alice
    assert contact.office == alice.office
    assert list(contact.phones.values_list("number", flat=True)) == ["+31612345678"]
    assert "sanne@example.org" in contact.search_text


def test_unparseable_phone_is_an_error_on_the_phone_field(as_alice):
    response = as_alice.post(
        reverse("contacts:contact_create"), form_data(**{"phones-0-number": "12-abc"})
    )
    assert response.status_code == 422
    phone_form = response.context["formsets"]["phones"].forms[0]
    assert "is not a phone number" in " ".join(phone_form.errors["number"]) or (
        "not a valid phone number" in " ".join(phone_form.errors["number"])
    )
    assert Contact.objects.count() == 0


def test_invalid_email_is_an_error_on_the_email_field(as_alice):
    response = as_alice.post(
        reverse("contacts:contact_create"), form_data(**{"emails-0-email": "sanne@"})
    )
    assert response.status_code == 422
    assert response.context["formsets"]["emails"].forms[0].errors["email"]
    assert Contact.objects.count() == 0


def test_same_phone_twice_in_one_record_is_refused(as_alice):
    response = as_alice.post(
        reverse("contacts:contact_create"),
        form_data(**{"phones-1-number": "+31 6 12345678"}),
    )
    assert response.status_code == 422
    phones = response.context["formsets"]["phones"]
    assert "given twice" in " ".join(phones.non_form_errors())
    assert phones.forms[1].errors["number"]
    assert Contact.objects.count() == 0


def test_same_email_twice_in_any_case_is_refused(as_alice):
    data = form_data(
        **{
            "emails-TOTAL_FORMS": "2",
            "emails-1-label": "work",
            "emails-1-email": "SANNE@example.org",
        }
    )
    response = as_alice.post(reverse("contacts:contact_create"), data)
    assert response.status_code == 422
    assert response.context["formsets"]["emails"].forms[1].errors["email"]
    assert Contact.objects.count() == 0


def test_budget_and_area_minimum_above_maximum_are_refused(as_alice):
    data = form_data(budget_min="500000", budget_max="300000", area_min="90", area_max="80",
                     status="prospect", urgency="medium", timeframe="unknown")  # fmt: skip
    response = as_alice.post(reverse("contacts:lead_create"), data)
    assert response.status_code == 422
    assert "must not be below the minimum" in field_errors(response, "budget_max")[0]
    assert "must not be below the minimum" in field_errors(response, "area_max")[0]
    assert Lead.objects.count() == 0


def test_lost_lead_needs_a_reason(as_alice):
    data = form_data(status="lost", urgency="medium", timeframe="unknown")
    response = as_alice.post(reverse("contacts:lead_create"), data)
    assert field_errors(response, "lost_reason")
    assert Lead.objects.count() == 0


def test_another_users_category_is_refused(as_alice, bob):
    bobs = CategoryFactory(owner=bob)
    response = as_alice.post(reverse("contacts:contact_create"), form_data(categories=[bobs.pk]))
    assert response.status_code == 422
    assert field_errors(response, "categories")
    assert Contact.objects.count() == 0


def test_source_of_another_office_is_refused(as_alice, other_office):
    foreign = LeadSource.objects.filter(office=other_office).first()
    response = as_alice.post(reverse("contacts:contact_create"), form_data(source=foreign.pk))
    assert response.status_code == 422
    assert field_errors(response, "source")
    assert Contact.objects.count() == 0


def test_owner_outside_the_office_is_refused_for_an_admin(as_admin, carol):
    response = as_admin.post(reverse("contacts:contact_create"), form_data(owner=carol.pk))
    assert response.status_code == 422
    assert field_errors(response, "owner")
    assert Contact.objects.count() == 0


def test_agent_cannot_create_a_record_owned_by_a_colleague(as_alice, alice, bob):
    as_alice.post(reverse("contacts:contact_create"), form_data(owner=bob.pk, office=999))
    contact = Contact.objects.get()
    assert contact.owner == alice
    assert contact.office_id == alice.office_id


def test_admin_may_create_a_record_for_an_agent(as_admin, bob):
    as_admin.post(reverse("contacts:contact_create"), form_data(owner=bob.pk))
    assert Contact.objects.get().owner == bob


def test_colleague_editing_an_office_record_cannot_change_owner_or_visibility(as_bob, alice):
    contact = ContactFactory(owner=alice, visibility=Visibility.OFFICE, last_name="Shared")
    data = form_data(last_name="Renamed", visibility="personal", owner=alice.pk)
    response = as_bob.post(reverse("contacts:contact_edit", args=[contact.pk]), data)
    assert response.status_code == 302
    contact.refresh_from_db()
    assert contact.last_name == "Renamed"
    assert contact.owner == alice
    assert contact.visibility == Visibility.OFFICE


def test_editing_keeps_other_users_categories(as_alice, alice, bob):
    alices, bobs = CategoryFactory(owner=alice), CategoryFactory(owner=bob)
    contact = ContactFactory(owner=alice, categories=[alices, bobs])
    as_alice.post(reverse("contacts:contact_edit", args=[contact.pk]), form_data(categories=[]))
    assert list(contact.categories.all()) == [bobs]


def test_custom_field_value_is_validated_by_type(as_alice, office):
    CustomField.objects.create(
        office=office, target="contact", key="rooms", label="Rooms", field_type="number"
    )
    response = as_alice.post(reverse("contacts:contact_create"), form_data(cf_rooms="many"))
    assert response.status_code == 422
    assert field_errors(response, "cf_rooms")
    assert Contact.objects.count() == 0
    as_alice.post(reverse("contacts:contact_create"), form_data(cf_rooms="4"))
    assert Contact.objects.get().custom_fields == {"rooms": 4}


def test_required_custom_field_must_be_given(as_alice, office):
    CustomField.objects.create(
        office=office, target="contact", key="ref", label="Ref", field_type="text", required=True
    )
    response = as_alice.post(reverse("contacts:contact_create"), form_data())
    assert field_errors(response, "cf_ref")
    assert Contact.objects.count() == 0


def test_nameless_contact_is_refused_on_the_last_name(as_alice):
    response = as_alice.post(
        reverse("contacts:contact_create"), form_data(first_name="", last_name="")
    )
    assert field_errors(response, "last_name")
    assert Contact.objects.count() == 0


def test_delete_asks_for_confirmation_then_deletes(as_alice, alice):
    contact = ContactFactory(owner=alice)
    url = reverse("contacts:contact_delete", args=[contact.pk])
    assert "Yes, delete" in as_alice.get(url).content.decode()
    assert Contact.objects.filter(pk=contact.pk).exists()
    assert as_alice.post(url).status_code == 302
    assert not Contact.objects.filter(pk=contact.pk).exists()


def test_colleague_cannot_delete_an_office_record_they_do_not_own(as_bob, alice):
    contact = ContactFactory(owner=alice)
    assert as_bob.post(reverse("contacts:contact_delete", args=[contact.pk])).status_code == 403
    assert Contact.objects.filter(pk=contact.pk).exists()

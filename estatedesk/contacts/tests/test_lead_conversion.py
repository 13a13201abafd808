"""Converting a lead keeps everything it knew; a matching contact is offered for a merge."""

from decimal import Decimal
from unittest import mock

import pytest
from django.urls import reverse

from estatedesk.classification.models import LeadSource
from estatedesk.classification.tests.factories import CategoryFactory
from estatedesk.contacts import conversion, services
from estatedesk.contacts.choices import LeadStatus
from estatedesk.contacts.models import Contact, ContactEmail, Lead, SearchProfile
from estatedesk.contacts.tests.factories import ContactFactory, LeadFactory
from estatedesk.core.choices import Visibility
from estatedesk.core.models import CustomField

pytestmark = pytest.mark.django_db


@pytest.fixture
def rich_lead(alice, bob, office):
    CustomField.objects.create(
        office=office, target="contact", key="campaign", label="Campaign", field_type="text"
    )
    CustomField.objects.create(
        office=office, target="lead", key="form_page", label="Form page", field_type="text"
    )
    source = LeadSource.objects.get(office=office, name="Referral")
    alice_cat = CategoryFactory(owner=alice, name="Hot buyers")
    bob_cat = CategoryFactory(owner=bob, name="Bob's watchlist")
    return LeadFactory(
        owner=alice,
        visibility=Visibility.PERSONAL,
        first_name="Lotte",
        last_name="de Boer",
        company="Boer Holding",
        status=LeadStatus.QUALIFIED,
        source=source,
        property_types=["apartment", "house"],
        locations="Amsterdam, Haarlem",
        budget_min=Decimal("350000"),
        budget_max=Decimal("500000"),
        area_min=Decimal("70"),
        area_max=Decimal("120"),
        bedrooms=3,
        bathrooms=1,
        urgency="high",
        timeframe="3m",
        message="Wants a balcony.",
        custom_fields={"campaign": "spring-2026", "form_page": "/sell-your-home"},
        phones=["+31612345678", "+31201234567"],
        emails=["lotte@example.org"],
        categories=[alice_cat, bob_cat],
    )


def test_conversion_keeps_every_field_category_preference_and_source(as_alice, rich_lead):
    response = as_alice.post(reverse("contacts:lead_convert", args=[rich_lead.pk]))

    rich_lead.refresh_from_db()
    contact = rich_lead.converted_contact
    assert response.status_code == 302
    assert response["Location"] == contact.get_absolute_url()
    assert rich_lead.status == LeadStatus.WON
    assert rich_lead.converted_at is not None
    assert (contact.first_name, contact.last_name) == ("Lotte", "de Boer")
    assert contact.employer == "Boer Holding"
    assert contact.source == rich_lead.source
    assert contact.owner == rich_lead.owner
    assert contact.visibility == Visibility.PERSONAL
    # A lead field contacts have no field for is kept in the notes.
    assert contact.notes == "Wants a balcony.\n\nForm page: /sell-your-home"
    assert contact.custom_fields == {"campaign": "spring-2026"}
    assert sorted(contact.phones.values_list("number", flat=True)) == [
        "+31201234567",
        "+31612345678",
    ]
    assert list(contact.emails.values_list("email", flat=True)) == ["lotte@example.org"]
    # Every user's categories move, not only the converting user's.
    assert sorted(c.name for c in contact.categories.all()) == ["Bob's watchlist", "Hot buyers"]
    profile = SearchProfile.objects.get(contact=contact)
    assert profile.from_lead == rich_lead
    assert profile.property_types == ["apartment", "house"]
    assert profile.locations == "Amsterdam, Haarlem"
    assert (profile.budget_min, profile.budget_max) == (Decimal("350000"), Decimal("500000"))
    assert (profile.area_min, profile.area_max) == (Decimal("70"), Decimal("120"))
    assert (profile.bedrooms, profile.bathrooms) == (3, 1)
    assert (profile.urgency, profile.timeframe) == ("high", "3m")
    # And the contact is findable by the lead's phone.
    listing = as_alice.get(reverse("contacts:contact_list"), {"q": "0612345678"})
    assert contact.get_absolute_url() in listing.content.decode()


def test_a_value_for_a_retired_contact_field_goes_to_the_notes(as_alice, rich_lead, office):
    # "campaign" exists on contacts but was switched off: the value is not dropped.
    CustomField.objects.filter(office=office, target="contact", key="campaign").update(
        is_active=False
    )
    as_alice.post(reverse("contacts:lead_convert", args=[rich_lead.pk]))
    contact = Lead.objects.get(pk=rich_lead.pk).converted_contact
    assert contact.custom_fields == {}
    assert "campaign: spring-2026" in contact.notes
    assert "Form page: /sell-your-home" in contact.notes


def test_conversion_screen_offers_merge_for_matching_email(as_alice, alice, rich_lead):
    existing = ContactFactory(owner=alice, last_name="Boer", emails=["LOTTE@example.org"])
    page = as_alice.get(reverse("contacts:lead_convert", args=[rich_lead.pk])).content.decode()
    assert f'name="merge_into" value="{existing.pk}"' in page


def test_conversion_screen_offers_merge_for_matching_phone(as_alice, bob, rich_lead):
    existing = ContactFactory(owner=bob, last_name="Boer", phones=["+31612345678"])
    page = as_alice.get(reverse("contacts:lead_convert", args=[rich_lead.pk])).content.decode()
    assert f'name="merge_into" value="{existing.pk}"' in page


def test_conversion_screen_hides_matching_contact_the_user_cannot_see(as_alice, bob, rich_lead):
    hidden = ContactFactory(owner=bob, visibility=Visibility.PERSONAL, emails=["lotte@example.org"])
    page = as_alice.get(reverse("contacts:lead_convert", args=[rich_lead.pk])).content.decode()
    assert f'value="{hidden.pk}"' not in page
    response = as_alice.post(
        reverse("contacts:lead_convert", args=[rich_lead.pk]), {"merge_into": hidden.pk}
    )
    assert response.status_code == 404
    rich_lead.refresh_from_db()
    assert rich_lead.converted_contact is None


def test_merge_fills_gaps_without_overwriting_the_contact(as_alice, alice, rich_lead):
    existing = ContactFactory(
        owner=alice, first_name="Charlotte", last_name="de Boer", source=None,
        emails=["lotte@example.org"], phones=["+31612345678"], notes="Met at open house.",
    )  # fmt: skip
    response = as_alice.post(
        reverse("contacts:lead_convert", args=[rich_lead.pk]), {"merge_into": existing.pk}
    )
    assert response.status_code == 302
    existing.refresh_from_db()
    rich_lead.refresh_from_db()
    assert rich_lead.converted_contact == existing
    assert Contact.objects.count() == 1
    assert existing.first_name == "Charlotte"
    assert existing.source == rich_lead.source
    assert existing.notes == (
        "Met at open house.\n\nWants a balcony.\n\nForm page: /sell-your-home"
    )
    # The one new phone is added; the shared phone and e-mail are not duplicated.
    assert existing.phones.count() == 2
    assert ContactEmail.objects.filter(record=existing).count() == 1
    assert existing.search_profiles.count() == 1
    assert existing.categories.count() == 2


def test_failing_conversion_changes_nothing(as_alice, rich_lead):
    with (
        mock.patch.object(SearchProfile, "save", side_effect=RuntimeError("disk full")),
        pytest.raises(RuntimeError),
    ):
        as_alice.post(reverse("contacts:lead_convert", args=[rich_lead.pk]))
    rich_lead.refresh_from_db()
    assert rich_lead.status == LeadStatus.QUALIFIED
    assert rich_lead.converted_contact is None
    assert Contact.objects.count() == 0
    assert ContactEmail.objects.count() == 0


def test_prospect_cannot_be_converted_and_gets_a_message(as_alice, alice):
    lead = LeadFactory(owner=alice, status=LeadStatus.PROSPECT)
    response = as_alice.post(reverse("contacts:lead_convert", args=[lead.pk]))
    assert response.status_code == 422
    assert "Only a qualified or negotiating lead can be converted" in response.content.decode()
    assert Contact.objects.count() == 0


def test_converted_lead_cannot_be_converted_twice(alice, rich_lead):
    conversion.lead_convert(lead=rich_lead, actor=alice)
    rich_lead.status = LeadStatus.QUALIFIED
    Lead.objects.filter(pk=rich_lead.pk).update(status=LeadStatus.QUALIFIED)
    with pytest.raises(services.ValidationError):
        conversion.lead_convert(lead=rich_lead, actor=alice)
    assert Contact.objects.count() == 1


def test_colleague_cannot_convert_personal_lead(as_bob, rich_lead):
    assert as_bob.get(reverse("contacts:lead_convert", args=[rich_lead.pk])).status_code == 404
    assert as_bob.post(reverse("contacts:lead_convert", args=[rich_lead.pk])).status_code == 404
    rich_lead.refresh_from_db()
    assert rich_lead.converted_contact is None

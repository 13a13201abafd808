"""Setup › Office settings: name, country, phone region, currency, timezone, language."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from estatedesk.accounts import services
from estatedesk.accounts.models import Office
from estatedesk.contacts.models import ContactPhone

pytestmark = pytest.mark.django_db

SETTINGS = {
    "name": "Amsterdam Homes & Co",
    "country": "BE",
    "phone_region": "BE",
    "currency": "usd",
    "timezone": "Europe/Brussels",
    "language": "nl",
}


def test_settings_form_shows_the_current_values(as_admin):
    form = as_admin.get(reverse("setup:office")).context["form"]
    assert form.initial["name"] == "Amsterdam Homes"
    assert form.initial["timezone"] == "Europe/Amsterdam"


def test_admin_changes_the_office_settings(as_admin, office):
    response = as_admin.post(reverse("setup:office"), SETTINGS, follow=True)
    assert response.redirect_chain[-1][0] == reverse("setup:office")
    office.refresh_from_db()
    assert office.name == "Amsterdam Homes & Co"
    assert (office.country, office.phone_region) == ("BE", "BE")
    assert office.currency == "USD"
    assert (office.timezone, office.language) == ("Europe/Brussels", "nl")


def test_new_phone_region_reads_local_numbers_of_agents(as_admin, as_alice, office):
    as_admin.post(reverse("setup:office"), SETTINGS)
    response = as_alice.post(
        reverse("contacts:contact_create"),
        {
            "first_name": "Bea", "last_name": "Belgian", "visibility": "office",
            "phones-TOTAL_FORMS": "1", "phones-INITIAL_FORMS": "0",
            "phones-0-label": "mobile", "phones-0-number": "0470 12 34 56",
            "emails-TOTAL_FORMS": "0", "emails-INITIAL_FORMS": "0",
        },
    )  # fmt: skip
    assert response.status_code == 302, response.context["form"].errors
    assert ContactPhone.objects.get(office=office).number == "+32470123456"


@pytest.mark.parametrize(
    ("field", "value"),
    [("currency", "E1R"), ("name", "   "), ("timezone", "Mars/Olympus"), ("country", "XX")],
)
def test_bad_setting_is_refused_on_its_field_and_nothing_changes(as_admin, office, field, value):
    response = as_admin.post(reverse("setup:office"), {**SETTINGS, field: value})
    assert response.status_code == 422
    assert response.context["form"].errors[field]
    office.refresh_from_db()
    assert office.name == "Amsterdam Homes"
    assert office.currency == "EUR"


def test_office_update_refuses_agents_and_other_offices_admins(alice, admin, other_office):
    with pytest.raises(PermissionDenied):
        services.office_update(office=alice.office, actor=alice, name="Mine now")
    with pytest.raises(PermissionDenied):
        services.office_update(office=other_office, actor=admin, name="Mine now")
    assert not Office.objects.filter(name="Mine now").exists()


def test_office_update_leaves_the_instance_alone_when_refused(admin):
    office = admin.office
    with pytest.raises(ValidationError) as exc:
        services.office_update(office=office, actor=admin, currency="euro")
    assert "currency" in exc.value.message_dict
    assert office.currency == "EUR"

import pytest

from estatedesk.capture import services
from estatedesk.capture.choices import Assignment
from estatedesk.classification.models import LeadSource


@pytest.fixture
def website(office):
    return LeadSource.objects.get(office=office, name="Website")


@pytest.fixture
def contact_form(admin, alice, website):
    """A form of the office whose leads all go to Alice."""
    return services.lead_form_save(
        actor=admin,
        name="Contact page",
        fields=["first_name", "last_name", "email", "phone", "message", "property_reference"],
        required_fields=["email"],
        source=website,
        assignment=Assignment.FIXED,
        owner=alice,
        redirect_url="https://homes.example/thanks",
    )


@pytest.fixture
def rotating_form(admin, alice, bob, website):
    return services.lead_form_save(
        actor=admin,
        name="Valuation",
        fields=["first_name", "last_name", "email", "phone", "message"],
        required_fields=[],
        source=website,
        assignment=Assignment.ROUND_ROBIN,
        agents=[alice, bob],
    )

"""Setup of web forms: office administrators only, their own office only, with the snippet."""

import html
import json

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from estatedesk.capture import services
from estatedesk.capture.choices import Assignment
from estatedesk.capture.models import LeadForm
from estatedesk.classification.models import LeadSource
from estatedesk.contacts.models import Lead


def setup_urls(form) -> list[tuple[str, str]]:
    return [
        ("get", reverse("capture:form_list")),
        ("get", reverse("capture:form_create")),
        ("get", reverse("capture:form_detail", args=[form.pk])),
        ("get", reverse("capture:form_edit", args=[form.pk])),
        ("post", reverse("capture:form_active", args=[form.pk])),
    ]


def test_agents_get_404_on_every_setup_page(as_alice, contact_form):
    for method, path in setup_urls(contact_form):
        assert getattr(as_alice, method)(path).status_code == 404, path
    assert LeadForm.objects.get().is_active


def test_anonymous_goes_to_login(client, contact_form):
    response = client.get(reverse("capture:form_list"))

    assert response.status_code == 302
    assert "login" in response["Location"]


def test_admin_of_another_office_gets_404(contact_form, other_office):
    from estatedesk.accounts.choices import Role
    from estatedesk.accounts.tests.factories import UserFactory

    other_admin = Client()
    other_admin.force_login(UserFactory(office=other_office, role=Role.ADMIN))
    for method, path in setup_urls(contact_form)[2:]:
        assert getattr(other_admin, method)(path).status_code == 404, path
    assert b"Contact page" not in other_admin.get(reverse("capture:form_list")).content


def test_admin_creates_a_form_and_sees_the_snippet(as_admin, office, alice, website):
    response = as_admin.post(
        reverse("capture:form_create"),
        {
            "name": "Open house",
            "fields": ["first_name", "email", "phone", "message"],
            "required_fields": ["email"],
            "source": website.pk,
            "assignment": "fixed",
            "owner": alice.pk,
            "visibility": "office",
            "redirect_url": "https://homes.example/thanks",
        },
    )

    form = LeadForm.objects.get()
    assert response.status_code == 302
    assert (form.office, form.owner, form.source) == (office, alice, website)
    page = as_admin.get(reverse("capture:form_detail", args=[form.pk]))
    snippet = html.unescape(page.content.decode())
    assert f'action="http://127.0.0.1:8000/capture/f/{form.key}/"' in snippet
    assert 'name="website"' in snippet  # the honeypot
    assert '<input type="email" name="email" autocomplete="email" required>' in snippet
    assert 'name="last_name"' not in snippet


def test_admin_changes_and_deactivates_a_form(as_admin, contact_form, bob):
    response = as_admin.post(
        reverse("capture:form_edit", args=[contact_form.pk]),
        {
            "name": "Contact page",
            "fields": ["email"],
            "required_fields": ["email"],
            "source": contact_form.source_id,
            "assignment": "fixed",
            "owner": bob.pk,
            "visibility": "personal",
        },
    )
    assert response.status_code == 302
    as_admin.post(reverse("capture:form_active", args=[contact_form.pk]), {"active": "0"})

    contact_form.refresh_from_db()
    assert (contact_form.owner, contact_form.visibility) == (bob, "personal")
    assert not contact_form.is_active


def test_thank_you_page_must_be_http_or_https(as_admin, website, alice):
    response = as_admin.post(
        reverse("capture:form_create"),
        {"name": "X", "fields": ["email"], "source": website.pk, "assignment": "fixed",
         "owner": alice.pk, "visibility": "office", "redirect_url": "javascript:alert(1)"},
    )  # fmt: skip

    assert response.status_code == 422
    assert not LeadForm.objects.exists()


def test_a_form_cannot_use_another_offices_source_or_agent(admin, carol, other_office, alice):
    foreign_source = LeadSource.objects.filter(office=other_office).first()
    with pytest.raises(ValidationError) as exc:
        services.lead_form_save(
            actor=admin, name="X", fields=["email"], required_fields=[], source=foreign_source,
            assignment=Assignment.FIXED, owner=carol,
        )  # fmt: skip
    assert {"source", "owner"} <= set(exc.value.message_dict)
    with pytest.raises(ValidationError):
        services.lead_form_save(
            actor=admin, name="X", fields=["email"], required_fields=[],
            source=LeadSource.objects.filter(office=alice.office).first(),
            assignment=Assignment.ROUND_ROBIN, agents=[alice, carol],
        )  # fmt: skip


def test_leads_land_in_the_forms_office_only(contact_form, carol, office):
    Client().post(
        reverse("capture:submit", args=[contact_form.key]),
        json.dumps({"email": "a@example.org"}),
        content_type="application/json",
    )

    lead = Lead.objects.get()
    assert lead.office == office
    assert not Lead.objects.visible_to(carol).exists()


def test_repeat_detection_does_not_cross_offices(contact_form, other_office):
    from estatedesk.accounts.choices import Role
    from estatedesk.accounts.tests.factories import UserFactory

    other_admin = UserFactory(office=other_office, role=Role.ADMIN)
    other_form = services.lead_form_save(
        actor=other_admin, name="Theirs", fields=["email"], required_fields=[],
        source=LeadSource.objects.filter(office=other_office).first(),
        assignment=Assignment.FIXED, owner=other_admin,
    )  # fmt: skip
    for form in (contact_form, other_form):
        Client().post(
            reverse("capture:submit", args=[form.key]),
            json.dumps({"email": "same@example.org"}),
            content_type="application/json",
        )

    assert Lead.objects.filter(office=contact_form.office).count() == 1
    assert Lead.objects.filter(office=other_office, owner=other_admin).count() == 1


def test_agents_cannot_save_forms(alice, website):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.lead_form_save(
            actor=alice, name="X", fields=["email"], required_fields=[], source=website,
            assignment=Assignment.FIXED, owner=alice,
        )  # fmt: skip


def test_admin_pages_render(as_admin, contact_form, rotating_form):
    for form in (contact_form, rotating_form):
        for name in ("capture:form_detail", "capture:form_edit"):
            assert as_admin.get(reverse(name, args=[form.pk])).status_code == 200
    listing = as_admin.get(reverse("capture:form_list"))
    assert b"Contact page" in listing.content
    assert b"Valuation" in listing.content
    assert reverse("capture:form_list").encode() in as_admin.get(reverse("setup:index")).content


def test_a_colleagues_personal_lead_is_not_named_to_the_admin(as_admin, admin, contact_form):
    services.lead_form_save(
        actor=admin, form=contact_form, name="Contact page", fields=["last_name", "email"],
        required_fields=[], source=contact_form.source, assignment=Assignment.FIXED,
        owner=contact_form.owner, visibility="personal",
    )  # fmt: skip
    Client().post(
        reverse("capture:submit", args=[contact_form.key]),
        json.dumps({"last_name": "Secretname", "email": "s@example.org"}),
        content_type="application/json",
    )

    page = as_admin.get(reverse("capture:form_detail", args=[contact_form.pk]))

    assert Lead.objects.get().visibility == "personal"
    assert b"Secretname" not in page.content
    assert b"a personal lead" in page.content

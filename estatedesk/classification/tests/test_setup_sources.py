"""Setup › Lead sources: add, rename, reorder, deactivate — and what agents' forms then offer."""

import re

import pytest
from django.urls import reverse

from estatedesk.accounts import services
from estatedesk.classification.models import LeadSource
from estatedesk.contacts.tests.factories import ContactFactory

pytestmark = pytest.mark.django_db

DEFAULTS = ["Website", "Referral", "MLS", "Marketing campaign", "Manual entry"]


def source_names(office) -> list[str]:
    return list(LeadSource.objects.for_office(office.pk).values_list("name", flat=True))


def source(office, name: str) -> LeadSource:
    return LeadSource.objects.for_office(office.pk).get(name=name)


def offered_sources(html: str) -> list[str]:
    """The option labels of the form's <select name="source">."""
    select = re.search(r'<select name="source"[^>]*>(.*?)</select>', html, re.S)
    assert select, "the form has no source select"
    return [label.strip() for label in re.findall(r"<option[^>]*>([^<]*)</option>", select[1])]


def test_sources_are_listed_in_order(as_admin, office):
    html = as_admin.get(reverse("setup:sources")).content.decode()
    positions = [html.index(f"<td><bdi>{name}</bdi>") for name in DEFAULTS]
    assert positions == sorted(positions)


def test_admin_adds_a_source_and_agents_are_offered_it(as_admin, as_alice, office):
    response = as_admin.post(reverse("setup:sources"), {"name": "  Open house  "})
    assert response.status_code == 302
    assert source_names(office) == [*DEFAULTS, "Open house"]
    assert "Open house" in offered_sources(
        as_alice.get(reverse("contacts:contact_create")).content.decode()
    )


def test_adding_an_existing_source_name_is_refused_on_the_name_field(as_admin, office):
    response = as_admin.post(reverse("setup:sources"), {"name": "website"})
    assert response.status_code == 422
    assert response.context["form"].errors["name"] == ["There is already a source with this name."]
    assert source_names(office) == DEFAULTS


def test_admin_renames_a_source_and_records_show_the_new_name(as_admin, as_alice, alice, office):
    contact = ContactFactory(owner=alice, source=source(office, "MLS"))
    url = reverse("setup:source_rename", args=[contact.source_id])
    assert as_admin.get(url).context["form"].initial == {"name": "MLS"}

    response = as_admin.post(url, {"name": "Funda / MLS"})

    assert response.status_code == 302
    assert "Funda / MLS" in source_names(office)
    assert "MLS" not in source_names(office)
    assert "Funda / MLS" in as_alice.get(contact.get_absolute_url()).content.decode()


def test_renaming_a_source_to_another_sources_name_is_refused(as_admin, office):
    url = reverse("setup:source_rename", args=[source(office, "MLS").pk])
    response = as_admin.post(url, {"name": "Referral"})
    assert response.status_code == 422
    assert response.context["form"].errors["name"] == ["There is already a source with this name."]
    assert source_names(office) == DEFAULTS


def test_admin_moves_sources_up_and_down_and_agents_see_the_new_order(as_admin, as_alice, office):
    as_admin.post(
        reverse("setup:source_move", args=[source(office, "Manual entry").pk]),
        {"direction": "up"},
    )
    assert source_names(office) == [
        "Website", "Referral", "MLS", "Manual entry", "Marketing campaign",
    ]  # fmt: skip
    as_admin.post(
        reverse("setup:source_move", args=[source(office, "Website").pk]), {"direction": "down"}
    )
    expected = ["Referral", "Website", "MLS", "Manual entry", "Marketing campaign"]
    assert source_names(office) == expected
    form_html = as_alice.get(reverse("contacts:contact_create")).content.decode()
    assert [s for s in offered_sources(form_html) if s != "---------"] == expected


def test_moving_the_first_source_up_changes_nothing(as_admin, office):
    as_admin.post(
        reverse("setup:source_move", args=[source(office, "Website").pk]), {"direction": "up"}
    )
    assert source_names(office) == DEFAULTS


def test_deactivated_source_is_no_longer_offered_but_stays_on_records_that_have_it(
    as_admin, as_alice, alice, office
):
    # Given a contact that came through MLS
    mls = source(office, "MLS")
    contact = ContactFactory(owner=alice, source=mls)

    # When the administrator deactivates MLS
    response = as_admin.post(
        reverse("setup:source_active", args=[mls.pk]), {"active": "0"}, follow=True
    )
    mls.refresh_from_db()
    assert not mls.is_active

    # Then Setup labels it inactive, still counting the record that has it
    html = response.content.decode()
    row = html[html.index(f'id="source-{mls.pk}"') :].split("</tr>")[0]
    assert "inactive" in row
    assert "<td>1</td>" in row
    # A new contact is no longer offered MLS
    new_form = as_alice.get(reverse("contacts:contact_create")).content.decode()
    assert "MLS" not in offered_sources(new_form)
    assert "Website" in offered_sources(new_form)
    # But the contact keeps it: shown on its page and still offered in its edit form
    contact.refresh_from_db()
    assert contact.source_id == mls.pk
    assert "MLS" in as_alice.get(contact.get_absolute_url()).content.decode()
    edit_form = as_alice.get(reverse("contacts:contact_edit", args=[contact.pk])).content.decode()
    assert "MLS (inactive)" in offered_sources(edit_form)


def test_reactivated_source_is_offered_again(as_admin, as_alice, office):
    mls = source(office, "MLS")
    url = reverse("setup:source_active", args=[mls.pk])
    as_admin.post(url, {"active": "0"})
    as_admin.post(url, {"active": "1"})
    mls.refresh_from_db()
    assert mls.is_active
    assert "MLS" in offered_sources(
        as_alice.get(reverse("contacts:contact_create")).content.decode()
    )


def test_sources_of_another_office_are_untouched(as_admin, office, other_office):
    as_admin.post(reverse("setup:sources"), {"name": "Open house"})
    as_admin.post(
        reverse("setup:source_move", args=[source(office, "Manual entry").pk]),
        {"direction": "up"},
    )
    assert source_names(other_office) == DEFAULTS


def test_a_new_office_starts_with_the_default_sources():
    office = services.office_create(name="Utrecht Wonen", country="NL", phone_region="NL")
    assert source_names(office) == DEFAULTS


def test_the_setup_summary_counts_the_sources_offered(as_admin, office):
    LeadSource.objects.filter(office=office, name="MLS").update(is_active=False)
    html = as_admin.get(reverse("setup:index")).content.decode()
    assert "4 sources offered on leads, contacts and relations." in html
    assert as_admin.get(reverse("setup:index")).context["summary"]["sources"] == 5


def test_a_long_list_of_sources_is_paged_and_moves_stay_whole_list(as_admin, office, monkeypatch):
    from estatedesk.classification import setup_views

    monkeypatch.setattr(setup_views, "SOURCES_PER_PAGE", 3)

    first = as_admin.get(reverse("setup:sources")).content.decode()
    second = as_admin.get(reverse("setup:sources"), {"page": 2}).content.decode()

    assert "<td><bdi>Website</bdi>" in first
    assert "<td><bdi>Manual entry</bdi>" not in first
    assert "Page 1 of 2" in first
    assert 'href="?page=2" rel="next"' in first
    assert "<td><bdi>Manual entry</bdi>" in second
    assert 'href="?page=1" rel="prev"' in second
    # the first row of page 2 can still move up: up is about the whole list
    assert second.count('value="up"') == 2
    assert second.count('value="down"') == 1

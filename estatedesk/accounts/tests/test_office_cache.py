"""The office's lists on list pages (sources, owners, custom fields, own categories) are read once
per change, and every change — through a service, another process or a rolled-back
transaction — is what the next page shows."""

import re
import uuid

import pytest
from django.db import transaction
from django.urls import reverse

from estatedesk.accounts import officecache, services
from estatedesk.accounts.choices import Role
from estatedesk.accounts.models import Office, User
from estatedesk.accounts.tests.factories import UserFactory
from estatedesk.classification import services as classification_services
from estatedesk.classification.models import LeadSource
from estatedesk.core import services as core_services
from estatedesk.core.testing.queries import count_queries

pytestmark = pytest.mark.django_db

CONFIG_TABLES = ("classification_leadsource", "classification_category", "core_customfield")


@pytest.fixture(autouse=True)
def empty_cache():
    officecache.clear()
    yield
    officecache.clear()


def options(html: str, name: str) -> list[str]:
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.S)
    assert select, f"the filters have no {name} select"
    return [label.strip() for label in re.findall(r"<option[^>]*>([^<]*)</option>", select[1])]


def categories_offered(html: str) -> list[str]:
    box = re.search(r'<div class="cat-tree" id="category-filter">(.*?)</fieldset>', html, re.S)
    return [label.strip() for label in re.findall(r">\s+([^<]+)</label>", box[1])] if box else []


def contact_list(client) -> str:
    response = client.get(reverse("contacts:contact_list"))
    assert response.status_code == 200
    return response.content.decode()


def test_a_second_list_view_reads_none_of_the_office_lists(as_alice, alice):
    classification_services.category_create(actor=alice, name="Hot leads")
    contact_list(as_alice)  # the first view of this stamp reads them
    with count_queries() as ctx:
        html = contact_list(as_alice)
    read = [q["sql"] for q in ctx.captured_queries if any(t in q["sql"] for t in CONFIG_TABLES)]
    assert read == []
    users_read = [q["sql"] for q in ctx.captured_queries if '"accounts_user"' in q["sql"]]
    # Only the session's user (joined to the session row, with the office), not the choices.
    assert len(users_read) == 1
    assert 'FROM "accounts_usersession"' in users_read[0]
    assert "Website" in options(html, "source")
    assert "Alice Agent" in options(html, "owner")
    assert categories_offered(html) == ["Hot leads"]


def test_changes_through_the_services_show_on_the_next_page(as_alice, alice, admin):
    contact_list(as_alice)
    classification_services.lead_source_create(actor=admin, name="Open house")
    classification_services.category_create(actor=alice, name="Sellers 2027")
    services.user_create(
        actor=admin,
        office=admin.office,
        email="dirk@example.com",
        full_name="Dirk New",
        role=Role.AGENT,
    )
    core_services.custom_field_create(
        actor=admin, target="contact", key="budget_note", label="Budget note", field_type="text"
    )
    html = contact_list(as_alice)
    assert "Open house" in options(html, "source")
    assert "Dirk New" in options(html, "owner")
    assert categories_offered(html) == ["Sellers 2027"]
    assert 'name="cf_budget_note"' in html


def test_renaming_and_deactivating_show_on_the_next_page(as_alice, alice, admin, bob):
    contact_list(as_alice)
    website = LeadSource.objects.get(office=alice.office, name="Website")
    classification_services.lead_source_rename(actor=admin, source=website, name="Our website")
    services.user_set_active(actor=admin, user=bob, active=False)
    html = contact_list(as_alice)
    assert "Our website" in options(html, "source")
    assert "Website" not in options(html, "source")
    assert "Bob Agent" not in options(html, "owner")


def test_a_change_made_by_another_process_shows_once_the_stamp_changed(as_alice, alice):
    """Another process changes the table and the stamp; this one holds the old lists."""
    contact_list(as_alice)
    LeadSource.objects.filter(office=alice.office, name="Website").update(name="Web form")
    Office.objects.filter(pk=alice.office_id).update(config_stamp=uuid.uuid4())
    html = contact_list(as_alice)
    assert "Web form" in options(html, "source")


def test_a_login_does_not_throw_the_lists_away(alice):
    stamp = Office.objects.get(pk=alice.office_id).config_stamp
    alice.set_password("a-long-enough-password")
    alice.save(update_fields=["password"])  # a password or a login touches nothing listed
    User.objects.get(pk=alice.pk).save(update_fields=["last_login"])
    assert Office.objects.get(pk=alice.office_id).config_stamp == stamp
    alice.full_name = "Alice Renamed"
    alice.save(update_fields=["full_name"])
    assert Office.objects.get(pk=alice.office_id).config_stamp != stamp


def test_other_offices_keep_their_own_lists(as_alice, as_carol, carol):
    contact_list(as_alice)
    contact_list(as_carol)
    other_admin = UserFactory(office=carol.office, role=Role.ADMIN)
    classification_services.lead_source_create(actor=other_admin, name="Rotterdam fair")
    assert "Rotterdam fair" not in options(contact_list(as_alice), "source")
    assert "Rotterdam fair" in options(contact_list(as_carol), "source")


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_change_is_not_kept(office):
    admin = UserFactory(office=office, role=Role.ADMIN)
    held = Office.objects.get(pk=office.pk)  # the office as a request loaded it
    assert "Open house" not in [s.name for s in officecache.lead_sources(held)]

    class Undo(Exception):
        pass

    def change_then_fail():
        with transaction.atomic():
            classification_services.lead_source_create(actor=admin, name="Open house")
            # Read in the same transaction, with the office loaded before the change.
            assert "Open house" in [s.name for s in officecache.lead_sources(held)]
            raise Undo

    with pytest.raises(Undo):
        change_then_fail()

    again = Office.objects.get(pk=office.pk)
    assert again.config_stamp == held.config_stamp  # the new stamp was rolled back too
    assert "Open house" not in [s.name for s in officecache.lead_sources(again)]


def test_chosen_source_and_owner_are_checked_against_the_cached_lists(as_alice, alice, carol):
    from estatedesk.contacts.tests.factories import ContactFactory

    website = LeadSource.objects.get(office=alice.office, name="Website")
    theirs = LeadSource.objects.get(office=carol.office, name="Website")
    mine = ContactFactory(owner=alice, source=website, last_name="Mine")
    url = reverse("contacts:contact_list")
    as_alice.get(url)
    with count_queries() as ctx:
        ok = as_alice.get(url, {"source": website.pk, "owner": alice.pk}).content.decode()
    assert mine.last_name in ok
    assert not [q for q in ctx.captured_queries if "classification_leadsource" in q["sql"]
                and "WHERE" in q["sql"] and "contacts_contact" not in q["sql"]]  # fmt: skip
    for bad in ({"source": theirs.pk}, {"owner": carol.pk}, {"source": "abc"}, {"owner": "x"}):
        html = as_alice.get(url, bad).content.decode()
        table = html.split('id="record-table"')[1]
        assert mine.last_name not in table, bad  # an invalid filter shows nothing, not all
        assert "errorlist" in html, bad  # and says so next to the filter
    api = as_alice.get("/api/contacts/", {"source": theirs.pk})
    assert api.status_code == 400
    assert "source" in api.json()

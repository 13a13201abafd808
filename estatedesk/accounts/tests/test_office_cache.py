"""The office's lists on list pages (sources, owners, custom fields, own categories) are read once
per change, and every change — through a service, another process or a rolled-back
transaction — is what the next page shows."""

import re
import uuid
from dataclasses import FrozenInstanceError
from pathlib import Path

import pytest
from django.db import models, transaction
from django.urls import reverse

from estatedesk.accounts import officecache, services
from estatedesk.accounts.choices import Role
from estatedesk.accounts.models import Office, User
from estatedesk.accounts.tests.factories import UserFactory
from estatedesk.classification import cache as classification_cache
from estatedesk.classification import services as classification_services
from estatedesk.classification.models import Category, LeadSource
from estatedesk.core import services as core_services
from estatedesk.core.models import CustomField
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


@pytest.mark.django_db(transaction=True)
def test_a_change_made_by_another_process_shows_once_the_stamp_changed(as_alice, alice):
    """Another process changes the table and the stamp; this one holds the old lists.

    (With real transactions: another process's change is never made inside one of ours, as it
    would be inside the single transaction a TestCase wraps the test in.)
    """
    contact_list(as_alice)
    # (Through the plain base managers: this process's receivers must not hear of it.)
    LeadSource._base_manager.filter(office=alice.office, name="Website").update(name="Web form")
    Office._base_manager.filter(pk=alice.office_id).update(config_stamp=uuid.uuid4())
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
    assert "Open house" not in [s.name for s in classification_cache.lead_sources(held)]

    class Undo(Exception):
        pass

    def change_then_fail():
        with transaction.atomic():
            classification_services.lead_source_create(actor=admin, name="Open house")
            # Read in the same transaction, with the office loaded before the change.
            assert "Open house" in [s.name for s in classification_cache.lead_sources(held)]
            raise Undo

    with pytest.raises(Undo):
        change_then_fail()

    again = Office.objects.get(pk=office.pk)
    assert again.config_stamp == held.config_stamp  # the new stamp was rolled back too
    assert "Open house" not in [s.name for s in classification_cache.lead_sources(again)]


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


# --- one user's lists are theirs --------------------------------------------------------------


def test_an_agents_category_edit_leaves_the_office_and_colleagues_lists(as_alice, as_bob, alice):
    contact_list(as_alice)
    contact_list(as_bob)
    stamp = Office.objects.get(pk=alice.office_id).config_stamp

    classification_services.category_create(actor=alice, name="Hot leads")

    assert Office.objects.get(pk=alice.office_id).config_stamp == stamp
    with count_queries() as ctx:
        contact_list(as_bob)
    assert [
        q["sql"] for q in ctx.captured_queries if any(t in q["sql"] for t in CONFIG_TABLES)
    ] == []
    assert categories_offered(contact_list(as_alice)) == ["Hot leads"]


# --- bulk writes count as changes -------------------------------------------------------------


def _website(office) -> LeadSource:
    return LeadSource.objects.get(office=office, name="Website")


def _source_options(html: str) -> list[str]:
    return options(html, "source")


BULK_WRITES = {
    "update": (
        lambda office, alice, bob: LeadSource.objects.filter(pk=_website(office).pk).update(
            name="Web form"
        ),
        lambda html: "Web form" in _source_options(html),
    ),
    "bulk_update": (
        lambda office, alice, bob: LeadSource.objects.bulk_update(
            [LeadSource(pk=_website(office).pk, name="Web form")], ["name"]
        ),
        lambda html: "Web form" in _source_options(html),
    ),
    "bulk_create": (
        lambda office, alice, bob: LeadSource.objects.bulk_create(
            [LeadSource(office=office, name="Open house", position=9)]
        ),
        lambda html: "Open house" in _source_options(html),
    ),
    "delete": (
        lambda office, alice, bob: LeadSource.objects.filter(pk=_website(office).pk).delete(),
        lambda html: "Website" not in _source_options(html),
    ),
    "user update": (
        lambda office, alice, bob: User.objects.filter(pk=bob.pk).update(full_name="Bob Renamed"),
        lambda html: "Bob Renamed" in options(html, "owner"),
    ),
    "custom field bulk_create": (
        lambda office, alice, bob: CustomField.objects.bulk_create(
            [CustomField(office=office, target="contact", key="n", label="N", field_type="text")]
        ),
        lambda html: 'name="cf_n"' in html,
    ),
    "category bulk_create": (
        lambda office, alice, bob: Category.objects.bulk_create(
            [Category(office=office, owner=alice, name="Made in bulk")]
        ),
        lambda html: "Made in bulk" in categories_offered(html),
    ),
    "category update": (
        lambda office, alice, bob: Category.objects.filter(owner=alice).update(name="Renamed"),
        lambda html: categories_offered(html) == ["Renamed"],
    ),
}


@pytest.mark.parametrize("write", BULK_WRITES)
def test_a_bulk_write_shows_on_the_next_page(as_alice, alice, bob, office, write):
    classification_services.category_create(actor=alice, name="Hot leads")
    change, shown = BULK_WRITES[write]
    assert not shown(contact_list(as_alice))

    change(office, alice, bob)

    assert shown(contact_list(as_alice))


# --- plain values -----------------------------------------------------------------------------


def test_the_cache_keeps_plain_values_that_no_caller_can_change(alice, admin, office):
    classification_services.category_create(actor=alice, name="Hot leads")
    core_services.custom_field_create(
        actor=admin, target="contact", key="note", label="Note", field_type="text"
    )
    kept = {
        "sources": classification_cache.lead_sources(office),
        "categories": classification_cache.categories(alice),
        "category choices": classification_cache.category_choices(alice),
        "custom fields": officecache.custom_fields(office, "contact"),
        "users": officecache.active_users(office),
    }
    for name, value in kept.items():
        assert value, name
        assert isinstance(value, tuple), name
        assert not any(isinstance(item, models.Model) for item in value), name
    with pytest.raises(FrozenInstanceError):
        kept["sources"][0].name = "Changed for everyone"  # type: ignore[misc]
    with pytest.raises(FrozenInstanceError):
        kept["custom fields"][0].label = "Changed for everyone"  # type: ignore[misc]


# --- transactions -----------------------------------------------------------------------------


def source_names(office) -> list[str]:
    return [s.name for s in classification_cache.lead_sources(office)]


@pytest.mark.django_db(transaction=True)
def test_a_transaction_that_changed_the_lists_reads_them_once(office):
    admin = UserFactory(office=office, role=Role.ADMIN)
    held = Office.objects.get(pk=office.pk)
    with transaction.atomic():
        classification_services.lead_source_create(actor=admin, name="Open house")
        assert "Open house" in source_names(held)
        with count_queries() as ctx:
            assert "Open house" in source_names(held)
        assert ctx.captured_queries == []
    assert "Open house" in source_names(Office.objects.get(pk=office.pk))


@pytest.mark.django_db(transaction=True)
def test_a_change_rolled_back_to_its_savepoint_is_gone_for_the_rest_of_the_transaction(office):
    admin = UserFactory(office=office, role=Role.ADMIN)
    held = Office.objects.get(pk=office.pk)

    class Undo(Exception):
        pass

    with transaction.atomic():
        try:
            with transaction.atomic():
                classification_services.lead_source_create(actor=admin, name="Open house")
                assert "Open house" in source_names(held)
                raise Undo
        except Undo:
            pass
        assert "Open house" not in source_names(held)
    assert "Open house" not in source_names(Office.objects.get(pk=office.pk))


def test_no_production_code_reads_djangos_test_case_marker():
    # Django marks the atomic blocks a TestCase opens; code that asks behaves differently under
    # test than in production.
    source = Path(officecache.__file__).read_text()
    assert "_from_testcase" not in source

"""No edit is silently lost: a save based on a form loaded before a colleague's save is refused,
shows what the colleague changed, and keeps the user's input so that saving again applies it.

One test over every record edit page; each case names a field Bob changes and another that
Alice changes in the form she loaded before Bob saved.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from estatedesk.activities.tests.factories import ActivityFactory, TaskFactory
from estatedesk.contacts.tests.factories import ContactFactory, LeadFactory, RelationFactory
from estatedesk.core import versions
from estatedesk.core.testing.forms import form_fields
from estatedesk.deals.tests.factories import DealFactory
from estatedesk.properties.tests.factories import ProjectFactory, PropertyFactory

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class EditCase:
    url_name: str
    factory: Any
    bob_field: str
    bob_value: str
    alice_field: str
    alice_value: str
    form_id: str = "record-form"
    # Who else edits: Bob, or the administrator where only the author and administrators may.
    other: str = "as_bob"
    label: str = ""  # the field's label on the form, when not the model field's verbose name


CASES = [
    EditCase("contacts:lead_edit", LeadFactory, "last_name", "Bakker", "first_name", "Annemarie"),
    EditCase("contacts:contact_edit", ContactFactory, "last_name", "Bakker", "first_name", "Anne"),
    EditCase("contacts:relation_edit", RelationFactory, "city", "Zwolle", "name", "Acme B.V."),
    EditCase("properties:property_edit", PropertyFactory, "city", "Zwolle", "street", "Dam"),
    EditCase("properties:project_edit", ProjectFactory, "city", "Zwolle", "name", "De Werf"),
    EditCase("deals:deal_edit", DealFactory, "title", "Sale of Dam 1", "notes", "Call Friday"),
    EditCase("activities:activity_edit", "activity", "subject", "Offer", "body", "Called back",
             form_id="activity-form", other="as_admin", label="Subject"),
    EditCase("activities:task_edit", "task", "title", "Send the deed", "notes", "Ask the bank",
             form_id="task-form", other="as_admin", label="Title"),
]  # fmt: skip


def make_record(case: EditCase, alice):
    if case.factory == "activity":
        return ActivityFactory(records=[ContactFactory(owner=alice)], actor=alice)
    if case.factory == "task":
        return TaskFactory(record=ContactFactory(owner=alice), actor=alice, assignee=alice)
    return case.factory(owner=alice)


def load_form(client, url: str, form_id: str) -> dict[str, list[str]]:
    response = client.get(url)
    assert response.status_code == 200
    return form_fields(response.content, form_id)


def with_value(data: dict[str, list[str]], field: str, value: str) -> dict[str, list[str]]:
    return {**data, field: [value]}


@pytest.mark.parametrize("case", CASES, ids=[c.url_name for c in CASES])
def test_stale_save_is_refused_with_colleagues_change_and_can_be_reapplied(
    case, alice, as_alice, request
):
    # Given Alice and Bob both opened the record's edit form
    as_bob = request.getfixturevalue(case.other)
    record = make_record(case, alice)
    url = reverse(case.url_name, args=[record.pk])
    alice_form = load_form(as_alice, url, case.form_id)
    bob_form = load_form(as_bob, url, case.form_id)
    assert alice_form[versions.VERSION_FIELD] == [versions.version_of(record)]

    # When Bob saves first, then Alice saves the form she loaded before
    response = as_bob.post(url, with_value(bob_form, case.bob_field, case.bob_value))
    assert response.status_code == 302, response.context and response.context["form"].errors
    response = as_alice.post(url, with_value(alice_form, case.alice_field, case.alice_value))

    # Then Alice's save is refused, Bob's change is intact, and she sees what Bob changed
    assert response.status_code == 409
    record.refresh_from_db()
    assert getattr(record, case.bob_field) == case.bob_value
    assert getattr(record, case.alice_field) != case.alice_value
    changes = {c.label: c for c in response.context["conflict"]}
    label = case.label or str(type(record)._meta.get_field(case.bob_field).verbose_name)
    assert label in {str(k).lower() for k in changes} | set(changes), changes
    change = next(c for c in changes.values() if str(c.label).lower() == label.lower())
    assert change.now == case.bob_value
    assert case.bob_value in response.content.decode()

    # And the form is shown again with her input, based on the new version
    # (with Bob's value in the field she did not change)
    again = form_fields(response.content, case.form_id)
    assert again[case.alice_field] == [case.alice_value]
    assert again[case.bob_field] == [case.bob_value]
    assert again[versions.VERSION_FIELD] == [versions.version_of(record)]

    # When she saves it again, her change is applied and Bob's kept
    response = as_alice.post(url, again)
    assert response.status_code == 302
    record.refresh_from_db()
    assert getattr(record, case.alice_field) == case.alice_value
    assert getattr(record, case.bob_field) == case.bob_value


def test_a_field_both_changed_keeps_the_users_input_to_reapply(alice, as_alice, as_bob):
    record = ContactFactory(owner=alice, last_name="Jansen")
    url = reverse("contacts:contact_edit", args=[record.pk])
    alice_form = load_form(as_alice, url, "record-form")
    as_bob.post(url, with_value(load_form(as_bob, url, "record-form"), "last_name", "Bakker"))

    response = as_alice.post(url, with_value(alice_form, "last_name", "Smit"))

    assert response.status_code == 409
    [change] = response.context["conflict"]
    assert (change.before, change.now, change.yours) == ("Jansen", "Bakker", "Smit")
    again = form_fields(response.content, "record-form")
    assert again["last_name"] == ["Smit"]
    assert as_alice.post(url, again).status_code == 302
    record.refresh_from_db()
    assert record.last_name == "Smit"


@pytest.mark.parametrize("case", CASES[:1], ids=[c.url_name for c in CASES[:1]])
def test_newer_version_without_a_change_to_the_form_fields_is_no_conflict(case, alice, as_alice):
    # Given Alice opened the form, and then only the record's timestamp moved on (a colleague
    # logged a call, which touches nothing the form shows)
    record = make_record(case, alice)
    url = reverse(case.url_name, args=[record.pk])
    form = load_form(as_alice, url, case.form_id)
    ActivityFactory(records=[record], actor=alice)
    record.refresh_from_db()
    assert versions.VERSION_FIELD in form
    assert form[versions.VERSION_FIELD] != [versions.version_of(record)]

    # When she saves, it is applied
    response = as_alice.post(url, with_value(form, case.alice_field, case.alice_value))
    assert response.status_code == 302
    record.refresh_from_db()
    assert getattr(record, case.alice_field) == case.alice_value


def test_a_forged_snapshot_still_lists_what_would_be_overwritten(alice, bob, as_alice, as_bob):
    record = ContactFactory(owner=alice, last_name="Jansen")
    url = reverse("contacts:contact_edit", args=[record.pk])
    alice_form = load_form(as_alice, url, "record-form")
    bob_form = load_form(as_bob, url, "record-form")
    as_bob.post(url, with_value(bob_form, "last_name", "Bakker"))

    response = as_alice.post(url, with_value(alice_form, versions.BASE_FIELD, "forged"))

    assert response.status_code == 409
    [change] = [c for c in response.context["conflict"] if c.now == "Bakker"]
    assert change.yours == "Jansen"
    record.refresh_from_db()
    assert record.last_name == "Bakker"


def test_a_colleagues_new_due_date_survives_resaving_the_task(alice, as_alice):
    # Date-times go back into the form as its widget writes them, in the office's time zone
    task = make_record(CASES[-1], alice)
    url = reverse("activities:task_edit", args=[task.pk])
    form = load_form(as_alice, url, "task-form")
    new_due = (task.due_at + dt.timedelta(days=3)).replace(second=0, microsecond=0)
    type(task).objects.filter(pk=task.pk).update(due_at=new_due, updated_at=timezone.now())

    response = as_alice.post(url, with_value(form, "title", "Call the notary"))

    assert response.status_code == 409
    again = form_fields(response.content, "task-form")
    assert as_alice.post(url, again).status_code == 302
    task.refresh_from_db()
    assert (task.title, task.due_at) == ("Call the notary", new_due)


def test_a_colleagues_new_phone_survives_resaving_the_form(alice, as_alice, as_bob):
    record = ContactFactory(owner=alice, first_name="Lotte", phones=["+31612345678"])
    url = reverse("contacts:contact_edit", args=[record.pk])
    alice_form = load_form(as_alice, url, "record-form")
    bob_form = load_form(as_bob, url, "record-form")
    bob_form["phones-1-number"] = ["+31201234567"]  # the empty extra row
    assert as_bob.post(url, bob_form).status_code == 302

    response = as_alice.post(url, with_value(alice_form, "first_name", "Charlotte"))

    assert response.status_code == 409
    [change] = response.context["conflict"]
    assert "+31201234567" in change.now
    assert not change.yours_changed
    assert as_alice.post(url, form_fields(response.content, "record-form")).status_code == 302
    record.refresh_from_db()
    assert record.first_name == "Charlotte"
    assert set(record.phones.values_list("number", flat=True)) == {"+31612345678", "+31201234567"}

"""Through the activities and tasks endpoints, a colleague's personal records and another
office's records do not exist: they answer 404 (also to completing a task), and lists leave
them out."""

import pytest

from estatedesk.activities.tests.factories import ActivityFactory, TaskFactory
from estatedesk.contacts.tests.factories import ContactFactory
from estatedesk.core.choices import Visibility
from estatedesk.core.testing.api import assert_reachable, assert_unreachable


def make_task(owner, visibility):
    # A task's visibility follows the record it is about.
    return TaskFactory(record=ContactFactory(owner=owner, visibility=visibility))


def make_activity(owner, visibility):
    return ActivityFactory(records=[ContactFactory(owner=owner, visibility=visibility)])


RESOURCES = {
    "tasks": (make_task, {"title": "Changed"}),
    "activities": (make_activity, {"subject": "Changed"}),
}


@pytest.mark.parametrize("resource", RESOURCES)
def test_colleague_cannot_reach_personal_record(resource, alice, bob, bob_api):
    make, change = RESOURCES[resource]
    obj = make(alice, Visibility.PERSONAL)

    assert_unreachable(bob_api, resource, obj, change, put=True)


@pytest.mark.parametrize("resource", RESOURCES)
def test_other_office_cannot_reach_office_record(resource, alice, carol, carol_api):
    make, change = RESOURCES[resource]
    obj = make(alice, Visibility.OFFICE)

    assert_unreachable(carol_api, resource, obj, change, put=False)


@pytest.mark.parametrize("resource", RESOURCES)
def test_colleague_sees_office_record(resource, alice, bob, bob_api):
    make, _change = RESOURCES[resource]
    obj = make(alice, Visibility.OFFICE)

    assert_reachable(bob_api, resource, obj)


def test_actions_on_invisible_records_are_404(alice, bob, bob_api):
    task = make_task(alice, Visibility.PERSONAL)

    assert bob_api.post(f"/api/tasks/{task.pk}/complete/", {}, format="json").status_code == 404
    task.refresh_from_db()
    assert task.done_at is None

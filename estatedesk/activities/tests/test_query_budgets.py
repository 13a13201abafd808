"""My tasks, the History tab of each record type, the timeline, an activity's page and the
activity and task API lists run exactly their pinned number of queries
(core/testing/query_budgets.json).

Records with a history of every kind, logged by two agents and naming other records, and tasks
with reminders, so that a query per activity, task or named record would show.
"""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from estatedesk.activities.choices import ActivityType, NotificationKind
from estatedesk.activities.models import Activity, Notification
from estatedesk.api.services import token_create
from estatedesk.contacts.tests.factories import ContactFactory, LeadFactory, RelationFactory
from estatedesk.core.testing.query_budgets import assert_page_budget

from .factories import ActivityFactory, TaskFactory

pytestmark = pytest.mark.django_db

KINDS = [ActivityType.CALL, ActivityType.EMAIL, ActivityType.NOTE, ActivityType.MEETING,
         ActivityType.WHATSAPP]  # fmt: skip


def token_client(user) -> APIClient:
    """An API client sending the user's token, as an integration does."""
    _token, key = token_create(actor=user, name="budget")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    return client


@pytest.fixture
def histories(alice, bob):
    """A lead, a contact and a relation, each with activities naming the others, and tasks."""
    records = {
        "lead": LeadFactory(owner=alice, phones=["+31612345678"], emails=["lead@example.org"]),
        "contact": ContactFactory(owner=alice, phones=["+31612345679"], emails=["c@example.org"]),
        "relation": RelationFactory(owner=bob),
    }
    others = list(records.values())
    now = timezone.now()
    for kind_name, record in records.items():
        for i, kind in enumerate(KINDS):
            named = [o for o in others if o is not record][: i % 3]
            ActivityFactory(records=[record, *named], kind=kind, subject=f"{kind_name} {i}",
                            actor=alice if i % 2 else bob,
                            occurred_at=now - timedelta(days=i, hours=1))  # fmt: skip
        for i in range(3):  # overdue, today and tomorrow; those to come with a reminder
            due = now + timedelta(days=i - 1, hours=2)
            TaskFactory(record=record, actor=alice, title=f"Follow up {kind_name} {i}",
                        due_at=due, remind_at=due - timedelta(hours=1) if i else None)  # fmt: skip
    for i in range(3):
        Notification.objects.create(office=alice.office, user=alice, title=f"Reminder {i}",
                                    kind=NotificationKind.REMINDER)  # fmt: skip
    return records


def test_my_tasks_query_budget(as_alice, histories):
    response = assert_page_budget(as_alice, "page:activities:my_tasks",
                                  reverse("activities:my_tasks"))  # fmt: skip
    assert "Follow up relation 2" in response.content.decode()


@pytest.mark.parametrize("kind", ["lead", "contact", "relation"])
def test_history_tab_query_budget(as_alice, histories, kind):
    record = histories[kind]
    response = assert_page_budget(as_alice, f"tab:contacts:{kind}_detail:history",
                                  record.get_absolute_url(), {"tab": "history"})  # fmt: skip
    assert f"{kind} 4" in response.content.decode()


def test_timeline_query_budget(as_alice, histories):
    url = reverse("activities:timeline", args=["contact", histories["contact"].pk])
    assert_page_budget(as_alice, "page:activities:timeline", url)


def test_activity_page_query_budget(as_alice, histories):
    activity = Activity.objects.filter(links__contact=histories["contact"]).latest("pk")
    assert_page_budget(as_alice, "page:activities:activity_detail", activity.get_absolute_url())


@pytest.mark.parametrize("name", ["activity", "task"])
def test_api_list_query_budget(alice, histories, name):
    response = assert_page_budget(token_client(alice), f"api:{name}-list",
                                  reverse(f"api:{name}-list"))  # fmt: skip
    assert len(response.json()["results"]) >= 5

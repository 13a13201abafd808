"""Every activities URL with an object id, page and API, answers each persona as the sharing
rules say: activities and tasks are as visible as the records they are about; notifications
are their user's alone."""

from datetime import timedelta

import pytest
from django.utils import timezone

from estatedesk.activities.choices import ActivityType, NotificationKind
from estatedesk.activities.models import Notification
from estatedesk.contacts.tests.factories import ContactFactory, LeadFactory, RelationFactory
from estatedesk.core.choices import Visibility
from estatedesk.core.testing.matrix import (
    OFFICE,
    PERSONAL,
    Matrix,
    Route,
    check_route,
    matrix_cases,
)

from .factories import ActivityFactory, TaskFactory

pytestmark = pytest.mark.django_db

VISIBILITIES = ((Visibility.PERSONAL, PERSONAL), (Visibility.OFFICE, OFFICE))
RECORD_FACTORIES = (("lead", LeadFactory), ("contact", ContactFactory),
                    ("relation", RelationFactory))  # fmt: skip


def record_routes(kind: str) -> tuple[Route, ...]:
    def kwargs(record) -> dict:
        return {"kind": kind, "pk": record.pk}

    return (
        Route("activities:timeline", kwargs=kwargs),
        Route("activities:quick_log", kwargs=kwargs),
        Route("activities:quick_log", "post", {"kind": "call", "body": "Rang"}, kwargs=kwargs),
        Route("activities:activity_create", kwargs=kwargs),
        Route("activities:activity_create", "post", {}, kwargs=kwargs, ok=422),  # the form
        Route("activities:task_create", kwargs=kwargs),
        Route("activities:task_create", "post", {}, kwargs=kwargs, ok=422),  # the form
    )


# Only who logged an activity (the owner here) or an administrator may change or delete it.
LOGGER_ONLY = {"colleague": 403}
ACTIVITY_ROUTES = (
    Route("activities:activity_detail"),
    Route("activities:activity_edit", expect=LOGGER_ONLY),
    Route("activities:activity_edit", "post", {}, ok=422, expect=LOGGER_ONLY),
    Route("activities:activity_delete", "post", expect=LOGGER_ONLY),
    Route("activities:activity_ics"),
    Route("api:activity-detail"),
    Route("api:activity-detail", "patch", {}, expect=LOGGER_ONLY),
    Route("api:activity-detail", "delete", expect=LOGGER_ONLY),
)
# Only a task's creator, its assignee (the owner here) or an administrator may delete it: the
# page tells a colleague so on the task list (a redirect), the API answers 403.
TASK_ROUTES = (
    Route("activities:task_edit"),
    Route("activities:task_edit", "post", {}, ok=422),  # reached the form
    Route("activities:task_done", "post"),
    Route("activities:task_delete", "post"),
    Route("api:task-detail"),
    Route("api:task-detail", "patch", {}),
    Route("api:task-detail", "delete", expect={"colleague": 403}),
    Route("api:task-complete", "post", {}, ok=200),
)


def _record(factory, visibility):
    return lambda users: factory(owner=users.owner, visibility=visibility)


def _appointment(visibility):
    """An appointment (it has an .ics) logged by the owner on a contact."""

    def make(users):
        contact = ContactFactory(owner=users.owner, visibility=visibility)
        start = timezone.now() + timedelta(days=1)
        return ActivityFactory(records=[contact], kind=ActivityType.APPOINTMENT,
                               occurred_at=start, ends_at=start + timedelta(hours=1))  # fmt: skip

    return make


def _task(visibility):
    return lambda users: TaskFactory(
        record=ContactFactory(owner=users.owner, visibility=visibility)
    )


def _notification(users):
    return Notification.objects.create(
        office=users.owner.office, user=users.owner, kind=NotificationKind.REMINDER, title="Call"
    )


MATRICES = [
    *(
        Matrix(f"{kind} {visibility}", _record(factory, visibility), record_routes(kind), row)
        for kind, factory in RECORD_FACTORIES
        for visibility, row in VISIBILITIES
    ),
    *(
        matrix
        for visibility, row in VISIBILITIES
        for matrix in (
            Matrix(f"activity {visibility}", _appointment(visibility), ACTIVITY_ROUTES, row),
            Matrix(f"task {visibility}", _task(visibility), TASK_ROUTES, row),
        )
    ),
    # A notification is its user's: to anyone else it does not exist.
    Matrix("notification", _notification,
           (Route("activities:notification_read", "post"),), PERSONAL),
]  # fmt: skip


@pytest.mark.parametrize(("matrix", "route"), matrix_cases(MATRICES))
def test_each_persona_gets_the_documented_answer(matrix, route, personas):
    check_route(matrix, route, personas)

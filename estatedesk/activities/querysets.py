"""Which activities and tasks a user may see: whatever hangs on a record they may see.

There is no second copy of the sharing rules here: both querysets are built on the records'
own `visible_to` (estatedesk.core.querysets.RecordQuerySet), as subqueries.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any, Self

from django.db import models
from django.db.models import Exists, OuterRef, Q

from .choices import SCHEDULED_TYPES, ReminderState

if TYPE_CHECKING:
    from estatedesk.accounts.models import User

    # The querysets' model type arguments (which ruff does not see as uses).
    from .models import Activity, ActivityLink, Reminder, Task  # noqa: F401


def visible_record_filter(user: User | Any, prefix: str = "") -> Q:
    """`lead in visible leads OR contact in visible contacts OR relation in visible relations`."""
    from estatedesk.contacts.models import Contact, Lead, Relation

    return (
        Q(**{f"{prefix}lead__in": Lead.objects.visible_to(user).values("pk")})
        | Q(**{f"{prefix}contact__in": Contact.objects.visible_to(user).values("pk")})
        | Q(**{f"{prefix}relation__in": Relation.objects.visible_to(user).values("pk")})
    )


def visible_record_exists(user: User | Any) -> Q:
    """The same rule as `visible_record_filter`, as correlated EXISTS on each row's record.

    For a page's few rows this looks each record up by primary key; as `IN (visible …)` the
    database lists every visible contact of the office first, which grows with the office.
    """
    from estatedesk.contacts.models import Contact, Lead, Relation

    return (
        Q(Exists(Lead.objects.visible_to(user).filter(pk=OuterRef("lead_id"))))
        | Q(Exists(Contact.objects.visible_to(user).filter(pk=OuterRef("contact_id"))))
        | Q(Exists(Relation.objects.visible_to(user).filter(pk=OuterRef("relation_id"))))
    )


class ActivityQuerySet(models.QuerySet["Activity"]):
    def visible_to(self, user: User | Any) -> Self:
        """Activities linked to at least one record the user may see."""
        from .models import ActivityLink

        office_id: Any = getattr(user, "office_id", None)  # None: matches no row
        links = ActivityLink.objects.filter(office_id=office_id).filter(visible_record_filter(user))
        return self.filter(office_id=office_id, pk__in=links.values("activity_id"))

    def scheduled(self) -> Self:
        return self.filter(kind__in=SCHEDULED_TYPES)


class ActivityLinkQuerySet(models.QuerySet["ActivityLink"]):
    def visible_to(self, user: User | Any) -> Self:
        """Links to records the user may see (to name the other records of an activity).

        Used for the links of a page of activities, so each link's record is looked up.
        """
        return self.filter(office_id=getattr(user, "office_id", None)).filter(
            visible_record_exists(user)
        )


class TaskQuerySet(models.QuerySet["Task"]):
    def visible_to(self, user: User | Any) -> Self:
        """Tasks about a record the user may see."""
        return self.filter(office_id=getattr(user, "office_id", None)).filter(
            visible_record_filter(user)
        )

    def open(self) -> Self:
        return self.filter(done_at__isnull=True)

    def done(self) -> Self:
        return self.filter(done_at__isnull=False)


class ReminderQuerySet(models.QuerySet["Reminder"]):
    def due(self, now: datetime) -> Self:
        """Pending reminders whose time has come, and claims whose lease ran out (dead worker)."""
        return self.filter(
            Q(state=ReminderState.PENDING, remind_at__lte=now)
            | Q(state=ReminderState.SENDING, lease_until__lt=now)
        )

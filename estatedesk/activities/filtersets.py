"""List filters for activities and tasks: one definition for the API and the web pages."""

from __future__ import annotations

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from estatedesk.core.filtersets import (
    IdFilter,
    OfficeFilterSet,
    UtcIsoDateTimeFilter,
    is_storable_id,
)

from .choices import ActivityType, TaskPriority
from .models import Activity, ActivityLink, Task


class RecordFilterMixin(OfficeFilterSet):
    """`?lead=`, `?contact=`, `?relation=`: what hangs on one record."""

    lead = IdFilter(method="filter_record", label=_("Lead id"))
    contact = IdFilter(method="filter_record", label=_("Contact id"))
    relation = IdFilter(method="filter_record", label=_("Relation id"))


class ActivityFilterSet(RecordFilterMixin):
    """The queryset it is given must already be `visible_to(request.user)`."""

    kind = django_filters.MultipleChoiceFilter(
        choices=ActivityType.choices, label=_("Type"), distinct=False
    )
    occurred_from = UtcIsoDateTimeFilter(
        field_name="occurred_at", lookup_expr="gte", label=_("From (ISO 8601 time)")
    )
    occurred_to = UtcIsoDateTimeFilter(
        field_name="occurred_at", lookup_expr="lt", label=_("Before (ISO 8601 time)")
    )
    logged_by = IdFilter(field_name="logged_by_id", label=_("Logged by"))

    class Meta:
        model = Activity
        fields = ["kind", "lead", "contact", "relation", "occurred_from", "occurred_to",
                  "logged_by"]  # fmt: skip

    def filter_record(self, queryset: QuerySet, name: str, value) -> QuerySet:
        links = ActivityLink.objects.filter(
            office_id=self.request.user.office_id, **{f"{name}_id": value}
        )
        return queryset.filter(pk__in=links.values("activity_id"))


class TaskFilterSet(RecordFilterMixin):
    """The queryset it is given must already be `visible_to(request.user)`."""

    assignee = django_filters.CharFilter(method="filter_assignee", label=_("Assignee id, or “me”"))
    done = django_filters.BooleanFilter(method="filter_done", label=_("Done"))
    due_from = UtcIsoDateTimeFilter(
        field_name="due_at", lookup_expr="gte", label=_("Due from (ISO 8601 time)")
    )
    due_to = UtcIsoDateTimeFilter(
        field_name="due_at", lookup_expr="lt", label=_("Due before (ISO 8601 time)")
    )
    priority = django_filters.ChoiceFilter(choices=TaskPriority.choices, label=_("Priority"))

    class Meta:
        model = Task
        fields = ["assignee", "done", "due_from", "due_to", "priority", "lead", "contact",
                  "relation"]  # fmt: skip

    def filter_record(self, queryset: QuerySet, name: str, value) -> QuerySet:
        return queryset.filter(**{f"{name}_id": value})

    def filter_assignee(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        if value == "me":
            return queryset.filter(assignee_id=self.request.user.pk)
        if not value.isdigit() or not is_storable_id(value):
            return queryset.none()
        return queryset.filter(assignee_id=int(value))

    def filter_done(self, queryset: QuerySet, name: str, value) -> QuerySet:
        if value is None:
            return queryset
        return queryset.filter(done_at__isnull=not value)

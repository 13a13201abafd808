"""Activities and tasks in the API: serializers (the records they name are references)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from estatedesk.accounts.api.fields import OfficeUserField
from estatedesk.activities import services
from estatedesk.activities.models import Activity, ActivityLink, Task
from estatedesk.contacts.api.references import RecordRefSerializer, resolve_record
from estatedesk.core.api.base import ServiceModelSerializer


def _ref_keys(refs) -> set[tuple[str, int]]:
    return {(ref["record_type"], ref["id"]) for ref in refs}


class ActivitySerializer(ServiceModelSerializer):
    """A call, e-mail, message, meeting, appointment or note, and the records it involves.

    Fields a kind does not have (a duration on a note) are emptied by the service.
    """

    records = RecordRefSerializer(
        many=True,
        required=False,
        help_text=_(
            "The leads, contacts and relations it involves (those you may see); at least one. "
            "Required when logging; afterwards they stay as they are (sending them unchanged, "
            "as in a PUT of what GET returned, is allowed)."
        ),
    )
    assigned_to = OfficeUserField(
        required=False, allow_null=True, help_text=_("For meetings and appointments: who goes.")
    )
    occurred_at = serializers.DateTimeField(
        required=False, help_text=_("When it happened (or starts). Default: now.")
    )

    class Meta:
        model = Activity
        fields = [
            "id", "kind", "direction", "occurred_at", "ends_at", "location", "subject", "body",
            "duration_minutes", "outcome", "logged_by", "assigned_to", "records",
            "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = ["id", "logged_by", "created_at", "updated_at"]

    def _visible_records(self, instance: Activity) -> list:
        """Only the records the reader may see are named (see activities.selectors)."""
        links = getattr(instance, "visible_links", None)
        if links is None:
            links = (
                ActivityLink.objects.visible_to(self.actor)
                .filter(activity=instance)
                .select_related("lead", "contact", "relation")
            )
        return [link.record for link in links]

    def to_representation(self, instance: Activity) -> dict:
        instance.records = self._visible_records(instance)
        return super().to_representation(instance)

    def validate(self, attrs: dict) -> dict:
        refs = attrs.pop("records", None)
        if self.instance is not None:
            if refs is not None and _ref_keys(refs) != _ref_keys(
                RecordRefSerializer(self._visible_records(self.instance), many=True).data
            ):
                raise serializers.ValidationError(
                    {"records": [_("The records of a logged activity cannot be changed.")]}
                )
            return attrs
        if not refs:
            raise serializers.ValidationError(
                {"records": [_("An activity needs at least one lead, contact or relation.")]}
            )
        user = self.actor
        attrs["records"] = [resolve_record(user, ref, "records") for ref in refs]
        return attrs

    def perform_save(self, instance: Activity | None, validated_data: dict) -> Activity:
        if instance is None:
            return services.activity_log(actor=self.actor, **validated_data)
        return services.activity_update(activity=instance, actor=self.actor, **validated_data)


class TaskSerializer(ServiceModelSerializer):
    """Something to do about one record, by a user of the office who may see that record."""

    record = RecordRefSerializer(
        required=False,
        help_text=_(
            "The lead, contact or relation it is about: required on creation, then it stays "
            "(sending it unchanged is allowed)."
        ),
    )
    assignee = OfficeUserField(
        required=False, help_text=_("Who does it (default: you); must be able to see the record.")
    )
    remind_at = serializers.DateTimeField(
        required=False, allow_null=True,
        help_text=_("When to remind the assignee (e-mail and notification); null: no reminder."),
    )  # fmt: skip
    is_done = serializers.BooleanField(read_only=True)

    class Meta:
        model = Task
        fields = [
            "id", "title", "notes", "due_at", "priority", "assignee", "created_by", "record",
            "remind_at", "is_done", "done_at", "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = ["id", "created_by", "done_at", "created_at", "updated_at"]

    def to_representation(self, instance: Task) -> dict:
        data = super().to_representation(instance)
        remind_at = task_remind_at(instance)
        data["remind_at"] = (
            None if remind_at is None else self.fields["remind_at"].to_representation(remind_at)
        )
        return data

    def validate(self, attrs: dict) -> dict:
        ref = attrs.pop("record", None)
        if self.instance is not None:
            current = RecordRefSerializer(self.instance.record).data
            if ref is not None and _ref_keys([ref]) != _ref_keys([current]):
                raise serializers.ValidationError(
                    {"record": [_("A task stays with the record it is about.")]}
                )
            return attrs
        if ref is None:
            raise serializers.ValidationError({"record": [_("This field is required.")]})
        attrs["record"] = resolve_record(self.actor, ref, "record")
        return attrs

    def perform_save(self, instance: Task | None, validated_data: dict) -> Task:
        if instance is None:
            return services.task_create(actor=self.actor, **validated_data)
        return services.task_update(task=instance, actor=self.actor, **validated_data)


def task_remind_at(task: Task):
    """The reminder's time, if the task has one (reverse one-to-one, select_related)."""
    try:
        return task.reminder.remind_at
    except Task.reminder.RelatedObjectDoesNotExist:
        return None


class TaskCompleteSerializer(serializers.Serializer):
    done = serializers.BooleanField(
        default=True, help_text=_("true ticks the task off; false opens it again.")
    )

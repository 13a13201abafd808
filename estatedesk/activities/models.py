"""Activities (what happened), tasks (what comes next), reminders, notifications, feeds."""

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from estatedesk.core.models import OfficeOwnedModel
from estatedesk.core.urlcache import id_url

from .choices import (
    DIRECTED_TYPES,
    SCHEDULED_TYPES,
    ActivityType,
    CallOutcome,
    Direction,
    NotificationKind,
    ReminderState,
    TaskPriority,
)
from .querysets import ActivityLinkQuerySet, ActivityQuerySet, ReminderQuerySet, TaskQuerySet

if TYPE_CHECKING:
    from estatedesk.contacts.models import Contact, Lead, Relation

# Exactly one of the three record columns is set (links and tasks hang on one record each).
ONE_RECORD = (
    Q(lead__isnull=False, contact__isnull=True, relation__isnull=True)
    | Q(lead__isnull=True, contact__isnull=False, relation__isnull=True)
    | Q(lead__isnull=True, contact__isnull=True, relation__isnull=False)
)
RECORD_FIELDS = ("lead", "contact", "relation")


class RecordReference(models.Model):
    """Points at one lead, contact or relation (three nullable keys, exactly one set)."""

    lead = models.ForeignKey(
        "contacts.Lead", on_delete=models.CASCADE, null=True, blank=True, related_name="+",
        db_index=False, verbose_name=_("lead"),
    )  # fmt: skip
    contact = models.ForeignKey(
        "contacts.Contact", on_delete=models.CASCADE, null=True, blank=True, related_name="+",
        db_index=False, verbose_name=_("contact"),
    )  # fmt: skip
    relation = models.ForeignKey(
        "contacts.Relation", on_delete=models.CASCADE, null=True, blank=True, related_name="+",
        db_index=False, verbose_name=_("relation"),
    )  # fmt: skip

    class Meta:
        abstract = True

    @property
    def record(self):
        return self.lead or self.contact or self.relation

    @property
    def record_kind(self) -> str:
        return next(name for name in RECORD_FIELDS if getattr(self, f"{name}_id") is not None)


class Activity(OfficeOwnedModel):
    """Something that happened with one or more records: a call, an e-mail, a viewing, a note.

    Who may see it follows the records it is linked to (ActivityQuerySet.visible_to).
    """

    kind = models.CharField(_("type"), max_length=12, choices=ActivityType.choices)
    direction = models.CharField(
        _("direction"), max_length=3, choices=Direction.choices, blank=True
    )
    occurred_at = models.DateTimeField(
        _("when"), help_text=_("For meetings and appointments: when it starts.")
    )
    ends_at = models.DateTimeField(_("ends"), null=True, blank=True)
    location = models.CharField(_("place"), max_length=300, blank=True)
    subject = models.CharField(_("subject"), max_length=200, blank=True)
    body = models.TextField(_("notes"), blank=True)
    duration_minutes = models.PositiveIntegerField(_("duration (minutes)"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=12, choices=CallOutcome.choices,
                               blank=True)  # fmt: skip
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("logged by"),
    )  # fmt: skip
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("agent attending"),
        help_text=_("For meetings and appointments: who goes (shows in their calendar)."),
    )  # fmt: skip

    objects = ActivityQuerySet.as_manager()

    # Set on the activities a reader is shown (`selectors`, the API): the links to, and the
    # records of, what the reader may see.
    visible_links: "list[ActivityLink]"
    records: "list[Lead | Contact | Relation]"

    class Meta:
        ordering = ["-occurred_at", "-pk"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        indexes = [
            models.Index(fields=["office", "-occurred_at", "-id"], name="activity_time_idx"),
            models.Index(fields=["office", "logged_by", "kind"], name="activity_logger_idx"),
            models.Index(fields=["office", "assigned_to", "kind"], name="activity_assignee_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gte=F("occurred_at")),
                name="activity_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(direction="") | Q(kind__in=sorted(t.value for t in DIRECTED_TYPES)),
                name="activity_direction_only_when_directed",
            ),
            models.CheckConstraint(
                condition=(Q(duration_minutes__isnull=True) & Q(outcome=""))
                | Q(kind=ActivityType.CALL),
                name="activity_duration_outcome_only_calls",
            ),
        ]

    def __str__(self) -> str:
        return self.subject or f"{self.get_kind_display()} {self.occurred_at:%Y-%m-%d %H:%M}"

    def get_absolute_url(self) -> str:
        return id_url("activities:activity_detail", self.pk)

    @property
    def is_scheduled(self) -> bool:
        return self.kind in SCHEDULED_TYPES


class ActivityLink(OfficeOwnedModel, RecordReference):
    """One record an activity involves; a viewing with a buyer and a seller has two."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="links")

    objects = ActivityLinkQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("activity link")
        verbose_name_plural = _("activity links")
        indexes = [
            # The timelines: the activities of one record, by the office first.
            models.Index(fields=["office", "lead", "activity"], name="actlink_lead_idx"),
            models.Index(fields=["office", "contact", "activity"], name="actlink_contact_idx"),
            models.Index(fields=["office", "relation", "activity"], name="actlink_relation_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=ONE_RECORD, name="activitylink_one_record"),
            models.UniqueConstraint(
                fields=["activity", "lead"], condition=Q(lead__isnull=False),
                name="activitylink_lead_unique",
            ),
            models.UniqueConstraint(
                fields=["activity", "contact"], condition=Q(contact__isnull=False),
                name="activitylink_contact_unique",
            ),
            models.UniqueConstraint(
                fields=["activity", "relation"], condition=Q(relation__isnull=False),
                name="activitylink_relation_unique",
            ),
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.activity_id} → {self.record_kind} {self.record}"


class Task(OfficeOwnedModel, RecordReference):
    """Something to do about one record, by a user of the office, before a date and time."""

    title = models.CharField(_("title"), max_length=200)
    notes = models.TextField(_("notes"), blank=True)
    due_at = models.DateTimeField(_("due"))
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("assigned to"),
    )  # fmt: skip
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("created by"),
    )  # fmt: skip
    priority = models.CharField(
        _("priority"), max_length=6, choices=TaskPriority.choices, default=TaskPriority.NORMAL
    )
    done_at = models.DateTimeField(_("done"), null=True, blank=True)

    objects = TaskQuerySet.as_manager()

    class Meta:
        ordering = ["due_at", "pk"]
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        indexes = [
            models.Index(fields=["office", "assignee", "done_at", "due_at"], name="task_mine_idx"),
            models.Index(fields=["office", "lead", "due_at"], name="task_lead_idx"),
            models.Index(fields=["office", "contact", "due_at"], name="task_contact_idx"),
            models.Index(fields=["office", "relation", "due_at"], name="task_relation_idx"),
        ]
        constraints = [models.CheckConstraint(condition=ONE_RECORD, name="task_one_record")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("activities:task_edit", args=[self.pk])

    @property
    def is_done(self) -> bool:
        return self.done_at is not None


class Reminder(OfficeOwnedModel):
    """When to remind a task's assignee, and how far sending it got.

    `state` with `claim_token` and `lease_until` is what makes delivery happen once even with
    several workers or a worker that dies: see docs/reminders.md.
    """

    task = models.OneToOneField(Task, on_delete=models.CASCADE, related_name="reminder")
    remind_at = models.DateTimeField(_("remind at"), help_text=_("Stored in UTC."))
    state = models.CharField(
        _("state"), max_length=10, choices=ReminderState.choices, default=ReminderState.PENDING
    )
    claim_token = models.CharField(max_length=32, blank=True, default="", editable=False)
    lease_until = models.DateTimeField(null=True, blank=True, editable=False)
    attempts = models.PositiveSmallIntegerField(default=0, editable=False)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    last_error = models.TextField(blank=True, default="", editable=False)

    objects = ReminderQuerySet.as_manager()

    class Meta:
        ordering = ["remind_at", "pk"]
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        indexes = [
            # The worker's question, across offices: what is due or stuck?
            models.Index(fields=["state", "remind_at"], name="reminder_due_idx"),
            models.Index(fields=["state", "lease_until"], name="reminder_lease_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(state=ReminderState.SENDING)
                | (Q(lease_until__isnull=False) & ~Q(claim_token="")),
                name="reminder_sending_has_claim",
            )
        ]

    def __str__(self) -> str:
        return f"{self.task} @ {self.remind_at:%Y-%m-%d %H:%M} UTC ({self.state})"


class Notification(OfficeOwnedModel):
    """A message for one user inside EstateDesk (a reminder that fired, …), until read."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("user"),
    )  # fmt: skip
    kind = models.CharField(_("kind"), max_length=10, choices=NotificationKind.choices)
    title = models.CharField(_("title"), max_length=250)
    body = models.TextField(_("message"), blank=True)
    url = models.CharField(_("link"), max_length=300, blank=True)
    task = models.ForeignKey(
        Task, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    # One notification per reminder at most, whatever the workers do.
    reminder = models.OneToOneField(
        Reminder, on_delete=models.SET_NULL, null=True, blank=True, related_name="notification"
    )
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            models.Index(fields=["office", "user", "read_at"], name="notification_user_idx"),
        ]

    def __str__(self) -> str:
        return self.title


class CalendarFeed(OfficeOwnedModel):
    """A user's private iCalendar address. Only a SHA-256 of its secret token is kept."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="calendar_feed"
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return str(self.user)

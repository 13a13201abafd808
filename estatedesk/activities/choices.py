"""Kinds, directions, outcomes, priorities and states of activities, tasks and reminders."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ActivityType(models.TextChoices):
    CALL = "call", _("Call")
    EMAIL = "email", _("E-mail")
    WHATSAPP = "whatsapp", _("WhatsApp")
    SMS = "sms", _("SMS")
    MEETING = "meeting", _("Meeting")
    APPOINTMENT = "appointment", _("Appointment")
    NOTE = "note", _("Note")
    # What a client did in the portal (a reaction, a message, a viewing request).
    PORTAL = "portal", _("Portal")


# Kinds that have a direction (who reached out to whom).
DIRECTED_TYPES = frozenset(
    {ActivityType.CALL, ActivityType.EMAIL, ActivityType.WHATSAPP, ActivityType.SMS}
)
# Kinds with a start, an end and a place; they are what the calendar feed calls appointments.
SCHEDULED_TYPES = frozenset({ActivityType.MEETING, ActivityType.APPOINTMENT})
# Kinds that count as having been in touch: they move a lead's or contact's "last contacted".
CONTACTING_TYPES = frozenset(set(ActivityType) - {ActivityType.NOTE})
# What the quick form on a timeline offers.
QUICK_TYPES = (
    ActivityType.CALL, ActivityType.WHATSAPP, ActivityType.EMAIL, ActivityType.SMS,
    ActivityType.NOTE,
)  # fmt: skip


class Direction(models.TextChoices):
    OUTGOING = "out", _("Outgoing")
    INCOMING = "in", _("Incoming")


class CallOutcome(models.TextChoices):
    CONNECTED = "connected", _("Connected")
    NO_ANSWER = "no_answer", _("No answer")
    VOICEMAIL = "voicemail", _("Left a voicemail")
    BUSY = "busy", _("Busy")
    WRONG_NUMBER = "wrong_number", _("Wrong number")


class TaskPriority(models.TextChoices):
    LOW = "low", _("Low")
    NORMAL = "normal", _("Normal")
    HIGH = "high", _("High")


class ReminderState(models.TextChoices):
    PENDING = "pending", _("Pending")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    CANCELLED = "cancelled", _("Cancelled")
    FAILED = "failed", _("Failed")


class NotificationKind(models.TextChoices):
    REMINDER = "reminder", _("Reminder")
    # Something a client did in the portal that waits for the agent (estatedesk.portal).
    PORTAL = "portal", _("Client portal")

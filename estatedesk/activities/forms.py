"""Forms for logging activities and editing tasks; times are typed in the office's timezone."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from django import forms
from django.forms.fields import BaseTemporalField
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .choices import QUICK_TYPES, ActivityType, CallOutcome, Direction, TaskPriority
from .times import office_tz, utc_to_wall, wall_to_utc

if TYPE_CHECKING:
    from estatedesk.accounts.models import User


class LocalDateTimeField(forms.DateTimeField):
    """A `datetime-local` input read as a wall-clock time in the office's timezone.

    Unlike Django's field, a time in a daylight-saving gap or repeat is not refused: it follows
    the documented rule in `estatedesk.activities.times.wall_to_utc`.
    """

    input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M",
                     "%Y-%m-%d %H:%M:%S"]  # fmt: skip

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "widget",
            forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        )
        super().__init__(*args, **kwargs)
        self.tz = None

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, datetime):
            wall = value
        else:
            wall = BaseTemporalField.to_python(self, str(value).strip())
        if timezone.is_aware(wall):
            return wall
        return wall_to_utc(wall, self.tz or timezone.get_current_timezone())

    def prepare_value(self, value):
        if isinstance(value, datetime) and timezone.is_aware(value):
            return utc_to_wall(value, self.tz or timezone.get_current_timezone())
        return value


class OfficeTimeForm(forms.Form):
    """Sets the office timezone on every LocalDateTimeField."""

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.actor = actor
        tz = office_tz(actor.office)
        tz_note = _("In %(tz)s time.") % {"tz": actor.office.timezone}
        for field in self.fields.values():
            if isinstance(field, LocalDateTimeField):
                field.tz = tz
                field.help_text = field.help_text or tz_note


def office_users(actor):
    return actor.office.users.filter(is_active=True, role__in=("admin", "agent")).order_by(
        "full_name"
    )


class QuickLogForm(OfficeTimeForm):
    """The timeline's one-line form: a call, a WhatsApp, an e-mail, an SMS or a note."""

    kind = forms.ChoiceField(
        label=_("Type"),
        choices=[(k.value, k.label) for k in QUICK_TYPES],
        initial=ActivityType.CALL,
        widget=forms.RadioSelect,
    )
    direction = forms.ChoiceField(
        label=_("Direction"),
        choices=Direction.choices,
        initial=Direction.OUTGOING,
        required=False,
        widget=forms.RadioSelect,
    )
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=[("", "—"), *CallOutcome.choices], required=False
    )
    duration_minutes = forms.IntegerField(
        label=_("Minutes"), min_value=0, max_value=24 * 60, required=False
    )
    body = forms.CharField(
        label=_("What was said"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "placeholder": _("Notes…")}),
    )
    occurred_at = LocalDateTimeField(label=_("When"), required=False,
                                     help_text=_("Leave empty for now."))  # fmt: skip


def quick_log_form(actor, kind: str = "") -> QuickLogForm:
    """A blank quick form, set to `kind` if that is an activity type (a click-to-contact link
    asks for a call or a WhatsApp)."""
    initial = {"kind": kind} if kind in ActivityType.values else {}
    return QuickLogForm(actor=actor, initial=initial)


class ActivityForm(OfficeTimeForm):
    """Every kind of activity, with the fields of meetings and appointments."""

    kind = forms.ChoiceField(label=_("Type"), choices=ActivityType.choices)
    direction = forms.ChoiceField(
        label=_("Direction"), choices=[("", "—"), *Direction.choices], required=False,
        help_text=_("For calls, e-mails, WhatsApp and SMS."),
    )  # fmt: skip
    occurred_at = LocalDateTimeField(label=_("When / starts"))
    ends_at = LocalDateTimeField(label=_("Ends"), required=False)
    location = forms.CharField(label=_("Place"), max_length=300, required=False)
    assigned_to: forms.ModelChoiceField[User] = forms.ModelChoiceField(
        label=_("Agent attending"), queryset=None, required=False,
        help_text=_("Meetings and appointments show in the calendar of who logs and who attends."),
    )  # fmt: skip
    subject = forms.CharField(label=_("Subject"), max_length=200, required=False)
    body = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    duration_minutes = forms.IntegerField(
        label=_("Call minutes"), min_value=0, max_value=24 * 60, required=False
    )
    outcome = forms.ChoiceField(
        label=_("Call outcome"), choices=[("", "—"), *CallOutcome.choices], required=False
    )

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, actor=actor, **kwargs)
        self.fields["assigned_to"].queryset = office_users(actor)
        if not self.is_bound and "occurred_at" not in self.initial:
            self.initial["occurred_at"] = timezone.now()


class TaskForm(OfficeTimeForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    due_at = LocalDateTimeField(label=_("Due"))
    assignee: forms.ModelChoiceField[User] = forms.ModelChoiceField(
        label=_("Assigned to"), queryset=None
    )
    priority = forms.ChoiceField(
        label=_("Priority"), choices=TaskPriority.choices, initial=TaskPriority.NORMAL
    )
    remind_at = LocalDateTimeField(
        label=_("Remind me at"), required=False,
        help_text=_("An e-mail and a notification to the assignee. A time that a clock change "
                    "skips moves to the first minute after the change."),
    )  # fmt: skip
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, actor=actor, **kwargs)
        self.fields["assignee"].queryset = office_users(actor)
        if not self.is_bound:
            self.initial.setdefault("assignee", actor.pk)

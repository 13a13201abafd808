"""Forms of viewing requests: times are typed as wall-clock times in a chosen timezone."""

from __future__ import annotations

import zoneinfo
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from estatedesk.accounts.models import TIMEZONE_CHOICES
from estatedesk.activities.forms import LocalDateTimeField


def _zone(name: object) -> zoneinfo.ZoneInfo | None:
    if not isinstance(name, str) or not name:
        return None
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return None


class ZonedForm(forms.Form):
    """Reads its `LocalDateTimeField`s in the timezone named by `tz_name` (the client's)."""

    def __init__(self, *args: Any, tz_name: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        chosen = self.data.get("client_timezone") if self.is_bound else None
        tz = _zone(chosen) or _zone(tz_name) or zoneinfo.ZoneInfo("UTC")
        for field in self.fields.values():
            if isinstance(field, LocalDateTimeField):
                field.tz = tz


class ViewingRequestForm(ZonedForm):
    client_timezone = forms.ChoiceField(label=_("Your timezone"), choices=TIMEZONE_CHOICES)
    slot_1 = LocalDateTimeField(label=_("First choice"))
    slot_2 = LocalDateTimeField(label=_("Second choice"), required=False)
    slot_3 = LocalDateTimeField(label=_("Third choice"), required=False)
    message = forms.CharField(
        label=_("Message to your agent"), required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )  # fmt: skip

    def __init__(self, *args: Any, tz_name: str, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"client_timezone": tz_name})
        super().__init__(*args, tz_name=tz_name, **kwargs)


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Reason (optional)"), required=False, max_length=300)


class FeedbackForm(forms.Form):
    feedback = forms.CharField(
        label=_("How did it go?"), required=False, max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )  # fmt: skip
    still_interested = forms.TypedChoiceField(
        label=_("Are you still interested?"),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        required=False,
        empty_value=None,
    )


class ConfirmForm(forms.Form):
    """The agent picks one of the client's times (1, 2 or 3)."""

    slot = forms.TypedChoiceField(
        label=_("Time"), choices=[("1", "1"), ("2", "2"), ("3", "3")], coerce=int
    )


class ProposeForm(ZonedForm):
    """The agent proposes another time, typed in the office's timezone."""

    starts_at = LocalDateTimeField(label=_("Another time"))

"""The History tab of a record, and click-to-contact helpers."""

from django import template
from django.utils import timezone

from estatedesk.activities import items, selectors
from estatedesk.activities.forms import quick_log_form

register = template.Library()


@register.inclusion_tag("activities/partials/_history.html", takes_context=True)
def record_history(context, record):
    """Quick-log form, open tasks and the first page of the timeline of a visible record."""
    request = context["request"]
    user = request.user
    return {
        **selectors.timeline_context(
            record, user, kind=request.GET.get("type", ""), cursor=request.GET.get("cursor", "")
        ),
        "quick_form": quick_log_form(user, request.GET.get("log", "")),
        "request": request,
        "user": context.get("user"),
        "csrf_token": context.get("csrf_token"),
    }


@register.simple_tag
def activity_items(activities, record=None):
    """The `<li>` items of a timeline's activities (`activities.items`)."""
    return items.activity_items(activities, record)


@register.simple_tag
def activity_item(activity, record=None):
    """One activity's `<li>`, e.g. the one the quick form just logged."""
    return items.activity_items([activity], record)


@register.filter
def wa_digits(number: str) -> str:
    """+31 6 12345678 (E.164) → 31612345678, what https://wa.me/ wants."""
    return "".join(ch for ch in str(number or "") if ch.isdigit())


@register.filter
def is_overdue(task) -> bool:
    return not task.is_done and task.due_at < timezone.now()


@register.simple_tag
def record_kind_of(record) -> str:
    return type(record)._meta.model_name

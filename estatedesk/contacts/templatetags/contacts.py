"""Contact details as people read them: `{{ number|phone }}`, `{{ types|property_type_labels }}`."""

from django import template

from estatedesk.contacts.choices import PropertyType
from estatedesk.contacts.phones import format_phone

register = template.Library()


@register.filter
def phone(value: str) -> str:
    return format_phone(value) if value else ""


@register.filter
def property_type_labels(values) -> str:
    labels = dict(PropertyType.choices)
    return ", ".join(str(labels.get(v, v)) for v in values or [])

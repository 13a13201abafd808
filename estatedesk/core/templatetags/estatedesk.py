"""Template helpers: sortable column headers, money, querystring building, filter widgets,
and bidi isolation of what users typed (`{{ contact|bdi }}`, `{{ contact|isolate }}`)."""

from decimal import Decimal

from django import template
from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils.http import urlencode
from django.utils.safestring import SafeString, mark_safe

from estatedesk.core import html, text
from estatedesk.core.urlcache import plain_url

register = template.Library()


@register.simple_tag(takes_context=True)
def sort_header(context, label: str, key: str) -> str:
    """A column header that sorts by `key`, toggling direction, keeping the filters."""
    ordering, query = context.get("ordering", ""), context.get("query_without_ordering", "")
    return html.sort_link(label, key, ordering=ordering, query=query)


@register.simple_tag
def route(name: str) -> str:
    """`{% route "contacts:contact_list" %}`: `{% url %}` for a URL without arguments, reversed
    once (see `core.urlcache`); the main menu prints a dozen on every page."""
    return plain_url(name)


@register.simple_tag(takes_context=True)
def page_url(context, number: int) -> str:
    base = context.get("query_without_page", "")
    query = urlencode({"page": number})
    return f"?{base}&{query}" if base else f"?{query}"


@register.filter
def money(value, currency: str = "") -> str:
    """1234567.5 -> "EUR 1,234,568" (whole units; the office currency code in front)."""
    if value in (None, ""):
        return ""
    amount = intcomma(round(Decimal(value)))
    return f"{currency} {amount}" if currency else amount


@register.filter
def field_of(form, name: str):
    """form|field_of:"name" -> the bound field, or None when the form lacks it."""
    try:
        return form[name]
    except KeyError:
        return None


@register.filter(is_safe=False)
def bdi(value) -> SafeString:
    """`{{ record|bdi }}`: the value escaped in a <bdi>, so that a name in a sentence or beside
    other text cannot reorder it (see core.html.bdi)."""
    return mark_safe(html.bdi(value))  # noqa: S308 — escaped


@register.filter
def isolate(value) -> str:
    """`{{ record|isolate }}`: Unicode isolates around the value, where no markup can go (the
    page <title>, plain-text e-mails); autoescape still escapes it."""
    return text.isolate(value)


register.simple_tag(html.widget_html, name="widget_html")
register.simple_tag(html.choice_inputs, name="choice_inputs")

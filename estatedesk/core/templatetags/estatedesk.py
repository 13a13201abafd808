"""Template helpers: sortable column headers, money, querystring building, filter widgets."""

from decimal import Decimal

from django import template
from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils.http import urlencode

from estatedesk.core import html
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


register.simple_tag(html.widget_html, name="widget_html")
register.simple_tag(html.choice_inputs, name="choice_inputs")

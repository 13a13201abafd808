"""Template helpers: sortable column headers, money, querystring building, filter widgets."""

from decimal import Decimal

from django import forms, template
from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.safestring import mark_safe

from estatedesk.core import widgets
from estatedesk.core.tables import esc
from estatedesk.core.urlcache import plain_url

register = template.Library()


@register.simple_tag(takes_context=True)
def sort_header(context, label: str, key: str) -> str:
    """A column header that sorts by `key`, toggling direction, keeping the filters."""
    current = context.get("ordering", "")
    base = context.get("query_without_ordering", "")
    descending = current == key
    new = f"-{key}" if descending else key
    arrow = " ▲" if current == key else (" ▼" if current == f"-{key}" else "")
    query = f"{base}&{urlencode({'ordering': new})}" if base else urlencode({"ordering": new})
    return format_html(
        '<a href="?{q}" hx-get="?{q}" hx-target="#record-table" hx-push-url="true">'
        "{label}{arrow}</a>",
        q=query,
        label=label,
        arrow=arrow,
    )


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


def _attrs(attrs: dict) -> str:
    """HTML attributes, escaped; True means present without a value, False/None absent."""
    out = []
    for key, value in attrs.items():
        if value is True:
            out.append(f" {key}")
        elif value not in (False, None):
            out.append(f' {key}="{esc(value)}"')
    return "".join(out)


register.simple_tag(widgets.widget_html, name="widget_html")
register.simple_tag(widgets.choice_inputs, name="choice_inputs")


@register.simple_tag
def fast_field(bound_field) -> str:
    """Render a filter field's widget in Python, as Django's templates would, but faster.

    A list page renders a dozen filter widgets with dozens of options on every view; Django's
    per-option widget templates cost more than the rows. Every value is escaped here; widgets
    this does not know fall back to Django's own rendering.
    """
    widget = bound_field.field.widget
    name, auto_id = bound_field.html_name, bound_field.auto_id
    value = bound_field.value()
    if isinstance(widget, forms.CheckboxSelectMultiple):
        chosen = {str(v) for v in (value or [])}
        rows = []
        for i, (option, label) in enumerate(widget.choices):
            option_id = f"{auto_id}_{i}"
            attrs = {"type": "checkbox", "name": name, "value": str(option), "id": option_id,
                     "checked": str(option) in chosen}  # fmt: skip
            rows.append(
                f'<div><label for="{esc(option_id)}"><input{_attrs(attrs)}> '
                f"{esc(label)}</label></div>"
            )
        return mark_safe(f'<div id="{esc(auto_id)}">{"".join(rows)}</div>')  # noqa: S308
    if isinstance(widget, forms.Select):
        multiple = isinstance(widget, forms.SelectMultiple)
        chosen = {str(v) for v in (value or [])} if multiple else {str(value or "")}
        options = "".join(
            f"<option{_attrs({'value': str(option), 'selected': str(option) in chosen})}>"
            f"{esc(label)}</option>"
            for option, label in widget.choices
        )
        attrs = {**widget.attrs, "name": name, "id": auto_id, "multiple": multiple}
        return mark_safe(f"<select{_attrs(attrs)}>{options}</select>")  # noqa: S308
    if isinstance(widget, forms.widgets.Input) and not isinstance(widget, forms.CheckboxInput):
        attrs = {"type": widget.input_type, **widget.attrs, "name": name, "id": auto_id,
                 "value": "" if value is None else str(value)}  # fmt: skip
        return mark_safe(f"<input{_attrs(attrs)}>")  # noqa: S308
    return str(bound_field)

"""Form widgets written out in Python, exactly as Django's widget templates write them.

A widget rendered through Django's form renderer costs a template render per input (and per
option, for radios and selects): the History tab's quick form spent ~3 ms there on every
view. `widget_html` takes the same context Django builds — `BoundField.build_widget_attrs`
and `Widget.get_context`, so `required`, `aria-invalid`, `aria-describedby`, checked and
selected options all come from Django — and writes the markup of the stock templates
(`django/forms/widgets/*.html`) itself, every value escaped as autoescape would. A widget
whose template it does not know is rendered by Django. Tests compare the two outputs.
"""

from __future__ import annotations

from django.forms import BoundField
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

_WIDGETS = "django/forms/widgets/"
# Templates that are `{% include "django/forms/widgets/input.html" %}` (and a line break,
# which Django's renderer strips, as it strips every widget's output).
_INPUTS = {
    f"{_WIDGETS}{name}.html"
    for name in ("text", "number", "email", "url", "password", "date", "datetime", "time",
                 "hidden", "search", "tel", "color")
}  # fmt: skip


def _text(value) -> str:
    """`{{ value|stringformat:'s' }}` under autoescape."""
    return str(conditional_escape(str(value) if not hasattr(value, "__html__") else value))


def _attrs(attrs: dict) -> str:
    """django/forms/widgets/attrs.html."""
    out = []
    for name, value in attrs.items():
        if value is True:
            out.append(f" {_text(name)}")
        elif value is not False:
            out.append(f' {_text(name)}="{_text(value)}"')
    return "".join(out)


def _input(widget: dict) -> str:
    """django/forms/widgets/input.html (the renderer strips the line breaks around it)."""
    value = "" if widget["value"] is None else f' value="{_text(widget["value"])}"'
    return (
        f'<input type="{_text(widget["type"])}" name="{_text(widget["name"])}"'
        f"{value}{_attrs(widget['attrs'])}>"
    )


def _select(widget: dict) -> str:
    """django/forms/widgets/select.html with select_option.html."""
    out = [f'<select name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            out.append(f'\n  <optgroup label="{_text(group_name)}">')
        for option in options:
            out.append(
                f'\n  <option value="{_text(option["value"])}"{_attrs(option["attrs"])}>'
                f"{_text(option['label'])}</option>\n"
            )
        if group_name:
            out.append("\n  </optgroup>")
    out.append("\n</select>")
    return "".join(out)


def _textarea(widget: dict) -> str:
    """django/forms/widgets/textarea.html."""
    value = _text(widget["value"]) if widget["value"] else ""
    return f'<textarea name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>\n{value}</textarea>'


def widget_html(bound_field: BoundField) -> SafeString:
    """`str(bound_field)` (its widget), written without the template engine when it can be."""
    field, widget = bound_field.field, bound_field.field.widget
    template = widget.template_name
    known = template in _INPUTS or template in (f"{_WIDGETS}select.html",
                                                f"{_WIDGETS}textarea.html")  # fmt: skip
    if not known or field.localize or field.show_hidden_initial:
        return str(bound_field)
    attrs = bound_field.build_widget_attrs({}, widget)
    if bound_field.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", bound_field.auto_id)
    context = widget.get_context(bound_field.html_name, bound_field.value(), attrs)["widget"]
    if template in _INPUTS:
        html = _input(context)
    elif template.endswith("select.html"):
        html = _select(context)
    else:
        html = _textarea(context)
    return mark_safe(html)  # noqa: S308 — every value went through _text


def choice_inputs(bound_field: BoundField) -> list[tuple[SafeString, str]]:
    """(`<input>`, label) for each choice of a radio or checkbox field: what `radio.tag` and
    `radio.choice_label` give in a `{% for radio in form.field %}` loop."""
    return [
        (mark_safe(_input(sub.data)), sub.data["label"])  # noqa: S308 — escaped
        for sub in bound_field.subwidgets
    ]

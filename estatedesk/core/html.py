"""HTML written in Python: the app's one escaper, attribute writer and widget renderer.

The busiest fragments — list rows, timeline items, form widgets — are written here rather than
by the template engine, which costs a template render per row, per input and per option
(docs/performance.md has the figures). Everything those writers put in
markup goes through `esc` (what autoescape does) and `attrs` (Django's `attrs.html`).

`widget_html` takes the context Django builds for a widget — `BoundField.build_widget_attrs`
and `Widget.get_context`, so `required`, `aria-invalid`, `aria-describedby`, checked and
selected options all come from Django — and writes the markup of the stock templates
(`django/forms/widgets/*.html`) itself. A widget whose template it does not know is rendered
by Django. Tests compare the two outputs string for string.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, cast

from django.core.exceptions import ValidationError
from django.forms import BoundField
from django.utils.http import urlencode
from django.utils.safestring import SafeString, mark_safe

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def esc(value: Any) -> str:
    """Escape as autoescape does (`&`, `<`, `>`, `"`, `'`; markup marked safe is kept as it
    is); None is empty."""
    if type(value) is not str:  # most values are: one check, not three
        if value is None:
            return ""
        if hasattr(value, "__html__"):
            return str(value.__html__())
        value = str(value)
    return html.escape(value)


def bdi(value: Any) -> str:
    """A user's name or text, escaped, in a `<bdi>`: whatever direction it runs, and whatever
    bidi controls it holds (a right-to-left override, U+202E), the words around it keep
    their order. Everything a user typed that sits in a sentence or beside other text goes
    through this (or the `bdi` filter, or `isolate` in plain text)."""
    return f"<bdi>{esc(value)}</bdi>"


def sentence(template: StrOrPromise, **values: Any) -> SafeString:
    """A translated sentence with `%(name)s` placeholders as HTML: the sentence escaped, each
    value escaped and isolated (`bdi`). For messages: `sentence(_("%(name)s was saved."),
    name=record)`; the messages framework keeps it safe through the session. A number is left
    as it is (it has no direction of its own, and `%(count)d` needs a number)."""
    isolated = {
        name: value if isinstance(value, int) else bdi(value) for name, value in values.items()
    }
    return mark_safe(esc(template) % isolated)  # noqa: S308


def error_sentence(exc: ValidationError) -> SafeString:
    """What a ValidationError says, as one line of HTML for a message: each error's `params`
    (the names it quotes) isolated as `sentence` does. An error raised with its values already
    in the text cannot be told apart from them: raise it with `params=` instead."""
    if hasattr(exc, "error_dict"):
        errors = [error for errors in exc.error_dict.values() for error in errors]
    else:
        errors = exc.error_list
    return mark_safe(  # noqa: S308 — each part is escaped
        " ".join(
            sentence(error.message, **error.params) if error.params else esc(error.message)
            for error in errors
        )
    )


def attrs(values: Mapping[str, Any]) -> str:
    """HTML attributes as Django's `attrs.html` writes them, each with a leading space: True
    is the bare name, False leaves it out. None leaves it out too (Django would write
    `="None"`; no widget of ours sets one)."""
    out = []
    for name, value in values.items():
        if value is True:
            out.append(f" {esc(name)}")
        elif value is not False and value is not None:
            out.append(f' {esc(name)}="{esc(value)}"')
    return "".join(out)


def sort_link(label: StrOrPromise, key: str, *, ordering: str, query: str) -> SafeString:
    """A column header that sorts by `key` (the other way if it already does), keeping the
    list's filters (`query`, without its ordering)."""
    new = f"-{key}" if ordering == key else key
    arrow = " ▲" if ordering == key else (" ▼" if ordering == f"-{key}" else "")
    href = esc(f"?{query}&{urlencode({'ordering': new})}" if query else
               f"?{urlencode({'ordering': new})}")  # fmt: skip
    return mark_safe(  # noqa: S308 — escaped
        f'<a href="{href}" hx-get="{href}" hx-target="#record-table" hx-push-url="true">'
        f"{esc(label)}{arrow}</a>"
    )


_WIDGETS = "django/forms/widgets/"
# Templates that are `{% include "django/forms/widgets/input.html" %}` (and a line break,
# which Django's renderer strips, as it strips every widget's output).
_INPUTS = {
    f"{_WIDGETS}{name}.html"
    for name in ("text", "number", "email", "url", "password", "date", "datetime", "time",
                 "hidden", "search", "tel", "color")
}  # fmt: skip
_SELECT = f"{_WIDGETS}select.html"
_TEXTAREA = f"{_WIDGETS}textarea.html"
# Radio buttons and checkboxes: `multiple_input.html` around `input_option.html`.
_MULTIPLE_INPUTS = {f"{_WIDGETS}radio.html", f"{_WIDGETS}checkbox_select.html"}
_OPTIONS = {
    _SELECT: {f"{_WIDGETS}select_option.html"},
    f"{_WIDGETS}radio.html": {f"{_WIDGETS}radio_option.html"},
    f"{_WIDGETS}checkbox_select.html": {f"{_WIDGETS}checkbox_option.html"},
}


def _input(widget: dict) -> str:
    """django/forms/widgets/input.html (the renderer strips the line breaks around it)."""
    value = "" if widget["value"] is None else f' value="{esc(widget["value"])}"'
    return (
        f'<input type="{esc(widget["type"])}" name="{esc(widget["name"])}"'
        f"{value}{attrs(widget['attrs'])}>"
    )


def _select(widget: dict) -> str:
    """django/forms/widgets/select.html with select_option.html."""
    out = [f'<select name="{esc(widget["name"])}"{attrs(widget["attrs"])}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            out.append(f'\n  <optgroup label="{esc(group_name)}">')
        for option in options:
            out.append(
                f'\n  <option value="{esc(option["value"])}"{attrs(option["attrs"])}>'
                f"{esc(option['label'])}</option>\n"
            )
        if group_name:
            out.append("\n  </optgroup>")
    out.append("\n</select>")
    return "".join(out)


def _input_option(option: dict) -> str:
    """django/forms/widgets/input_option.html, as `radio_option.html` or `checkbox_option.html`
    include it: each included template keeps its closing line break."""
    if not option["wrap_label"]:
        return f"{_input(option)}\n\n\n"
    option_id = option["attrs"].get("id")
    label_for = f' for="{esc(option_id)}"' if option_id else ""
    return f"<label{label_for}>{_input(option)}\n {esc(option['label'])}</label>\n\n"


def _multiple_input(widget: dict) -> str:
    """django/forms/widgets/multiple_input.html: radio buttons or checkboxes, each in a div."""
    widget_id, widget_class = widget["attrs"].get("id"), widget["attrs"].get("class")
    out = [
        "<div",
        f' id="{esc(widget_id)}"' if widget_id else "",
        f' class="{esc(widget_class)}"' if widget_class else "",
        ">",
    ]
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            out.append(f"\n  <div><label>{esc(group_name)}</label>")
        out.extend(f"<div>\n    {_input_option(option)}</div>" for option in options)
        if group_name:
            out.append("\n  </div>")
    out.append("\n</div>")
    return "".join(out)


def _textarea(widget: dict) -> str:
    """django/forms/widgets/textarea.html."""
    value = esc(widget["value"]) if widget["value"] else ""
    return f'<textarea name="{esc(widget["name"])}"{attrs(widget["attrs"])}>\n{value}</textarea>'


def _writes(widget) -> bool:
    """Whether `widget_html` knows the templates of this widget (and of its options)."""
    template = widget.template_name
    if template in _INPUTS or template == _TEXTAREA:
        return True
    options = _OPTIONS.get(template)
    return options is not None and widget.option_template_name in options


def widget_html(bound_field: BoundField) -> SafeString:
    """`str(bound_field)` (its widget), written without the template engine when it can be."""
    field, widget = bound_field.field, bound_field.field.widget
    if not _writes(widget) or field.localize or field.show_hidden_initial:
        # A BoundField's __str__ gives its widget marked safe, and str() keeps it so.
        return cast(SafeString, str(bound_field))
    widget_attrs = bound_field.build_widget_attrs({}, widget)
    if bound_field.auto_id and "id" not in widget.attrs:
        widget_attrs.setdefault("id", bound_field.auto_id)
    context = widget.get_context(bound_field.html_name, bound_field.value(), widget_attrs)
    template, widget_context = widget.template_name, context["widget"]
    if template in _INPUTS:
        markup = _input(widget_context)
    elif template == _SELECT:
        markup = _select(widget_context)
    elif template in _MULTIPLE_INPUTS:
        markup = _multiple_input(widget_context)
    else:
        markup = _textarea(widget_context)
    return mark_safe(markup)  # noqa: S308 — every value went through esc


def choice_inputs(bound_field: BoundField) -> list[tuple[SafeString, str]]:
    """(`<input>`, label) for each choice of a radio or checkbox field: what `radio.tag` and
    `radio.choice_label` give in a `{% for radio in form.field %}` loop."""
    return [
        (mark_safe(_input(sub.data)), sub.data["label"])  # noqa: S308 — escaped
        for sub in bound_field.subwidgets
    ]

"""core.html escapes as autoescape does and writes widgets exactly as Django's templates do."""

import pytest
from django import forms
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from estatedesk.activities.forms import QuickLogForm
from estatedesk.core.html import attrs, choice_inputs, esc, widget_html

EVIL = "<b>\"x\" & 'y'</b>"


class EveryWidgetForm(forms.Form):
    name = forms.CharField(max_length=20, help_text="Your name", widget=forms.TextInput(
        attrs={"placeholder": EVIL, "autofocus": True, "data-off": False}))  # fmt: skip
    email = forms.EmailField(required=False)
    count = forms.IntegerField(min_value=0, max_value=9, disabled=True, initial=3)
    secret = forms.CharField(widget=forms.HiddenInput, required=False)
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)
    kind = forms.ChoiceField(choices=[("", "—"), ("a", EVIL), ("b", "B")], required=False)
    grouped = forms.ChoiceField(choices=[("Fruit", [("apple", "Apple"), ("pear", "Pear")]),
                                         ("none", "None")])  # fmt: skip
    many = forms.MultipleChoiceField(choices=[("1", "One"), ("2", "Two")], required=False)
    when = forms.DateTimeField(required=False, widget=forms.DateTimeInput(
        attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"))  # fmt: skip
    colour = forms.ChoiceField(choices=[("r", "Red"), ("g", EVIL)], widget=forms.RadioSelect)
    flags = forms.MultipleChoiceField(choices=[("x", "X"), ("y", "Y")], required=False,
                                      widget=forms.CheckboxSelectMultiple)  # fmt: skip


FORMS = {
    "unbound": lambda: EveryWidgetForm(initial={"name": EVIL, "kind": "a", "many": ["2"]}),
    "bound with errors": lambda: EveryWidgetForm(
        {
            "name": "x" * 30,
            "email": "nope",
            "notes": f"line\n{EVIL}",
            "kind": "zzz",
            "grouped": "pear",
            "many": ["1", "2"],
            "when": "2026-05-04T14:00",
            "colour": "g",
            "flags": ["y"],
            "secret": EVIL,
        }
    ),
    "prefixed, no ids": lambda: EveryWidgetForm({"p-name": "ok"}, prefix="p", auto_id=False),
}


@pytest.mark.parametrize("make", FORMS.values(), ids=FORMS.keys())
def test_widgets_are_written_as_django_writes_them(make):
    form = make()
    form.is_valid()
    for bound in form:
        assert str(widget_html(bound)) == str(bound), bound.name
        if isinstance(bound.field.widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
            expected = [(str(sub.tag()), str(sub.choice_label)) for sub in bound]
            assert [(str(tag), str(label)) for tag, label in choice_inputs(bound)] == expected


@pytest.mark.django_db
def test_the_quick_log_form_is_written_as_django_writes_it(alice):
    for form in (
        QuickLogForm(actor=alice, initial={"kind": "note"}),
        QuickLogForm({"kind": "call", "duration_minutes": "-1", "occurred_at": "x"}, actor=alice),
    ):
        form.is_valid()
        for bound in form:
            assert str(widget_html(bound)) == str(bound), bound.name
        tags = [(str(tag), str(label)) for tag, label in choice_inputs(form["kind"])]
        assert tags == [(str(sub.tag()), str(sub.choice_label)) for sub in form["kind"]]


def test_esc_escapes_as_autoescape_does():
    assert esc(EVIL) == "&lt;b&gt;&quot;x&quot; &amp; &#x27;y&#x27;&lt;/b&gt;"
    assert esc(EVIL) == str(escape(EVIL))
    assert esc(mark_safe("<b>kept</b>")) == "<b>kept</b>"
    assert esc(None) == ""
    assert esc(0) == "0"
    assert esc(gettext_lazy("Inactive")) == "Inactive"


def test_attrs_write_what_djangos_attrs_template_writes():
    values = {"id": "x", "required": True, "hidden": False, "min": 0, "title": EVIL}
    assert attrs(values) == f' id="x" required min="0" title="{esc(EVIL)}"'
    assert attrs({"data-none": None}) == ""

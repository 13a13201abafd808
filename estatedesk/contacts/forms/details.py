"""A record's phone numbers and e-mail addresses: one form per row, no value given twice."""

from __future__ import annotations

from typing import cast

from django import forms
from django.core.exceptions import ValidationError
from django.forms import formset_factory
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..phones import normalize_phone


class PhoneForm(forms.Form):
    label = forms.ChoiceField(label=gettext_lazy("Label"))
    # Not required: a row left empty (or emptied) is simply no phone.
    number = forms.CharField(label=gettext_lazy("Phone"), max_length=40, required=False)
    is_primary = forms.BooleanField(label=gettext_lazy("Primary"), required=False)

    def __init__(self, *args, region: str = "", label_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.region = region
        cast(forms.ChoiceField, self.fields["label"]).choices = label_choices

    def clean_number(self) -> str:
        raw = self.cleaned_data["number"].strip()
        return normalize_phone(raw, self.region) if raw else ""


class EmailForm(forms.Form):
    label = forms.ChoiceField(label=gettext_lazy("Label"))
    email = forms.EmailField(label=gettext_lazy("E-mail"), required=False)
    is_primary = forms.BooleanField(label=gettext_lazy("Primary"), required=False)

    def __init__(self, *args, label_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["label"]).choices = label_choices


class UniqueValueFormSet(forms.BaseFormSet):
    """A formset whose rows must not repeat one value (a phone or e-mail given twice)."""

    unique_field = ""

    def clean(self) -> None:
        if any(self.errors):
            return
        seen = set()
        for form in self.forms:
            # A private hook the stubs lack (core/tests/test_library_hooks.py asserts it).
            if self._should_delete_form(form):  # type: ignore[attr-defined]
                continue
            value = str(form.cleaned_data.get(self.unique_field, "")).lower()
            if not value:
                continue
            if value in seen:
                form.add_error(self.unique_field, _("This is given twice."))
                raise ValidationError(_("%(value)s is given twice.") % {"value": value})
            seen.add(value)

    def rows(self) -> list[dict]:
        deleted = self._should_delete_form  # type: ignore[attr-defined]  # (see clean)
        return [
            {k: v for k, v in form.cleaned_data.items() if k != "DELETE"}
            for form in self.forms
            if form.cleaned_data.get(self.unique_field) and not deleted(form)
        ]


class PhoneFormSetBase(UniqueValueFormSet):
    unique_field = "number"


class EmailFormSetBase(UniqueValueFormSet):
    unique_field = "email"


PhoneFormSet = formset_factory(PhoneForm, formset=PhoneFormSetBase, extra=1, can_delete=True)
EmailFormSet = formset_factory(EmailForm, formset=EmailFormSetBase, extra=1, can_delete=True)

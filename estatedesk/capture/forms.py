"""Setup forms for web forms: they only parse input; the services validate and save."""

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from estatedesk.accounts.choices import Role
from estatedesk.accounts.models import User
from estatedesk.classification.models import LeadSource
from estatedesk.core.choices import Visibility

from .choices import DEFAULT_FIELDS, Assignment, FormField


class LeadFormForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("For you, e.g. “Contact page” or “Valuation request”."),
    )
    # Form metaclasses take declared fields off the class: this one shadows `Form.fields` (the
    # form's dict of fields) only in the stubs.
    fields = forms.MultipleChoiceField(  # type: ignore[assignment]
        label=_("Fields"), choices=FormField.choices, widget=forms.CheckboxSelectMultiple,
        initial=[str(f) for f in DEFAULT_FIELDS],
    )  # fmt: skip
    required_fields = forms.MultipleChoiceField(
        label=_("Required fields"), choices=FormField.choices, required=False,
        widget=forms.CheckboxSelectMultiple, initial=[str(FormField.EMAIL)],
    )  # fmt: skip
    source = forms.ModelChoiceField(label=_("Lead source"), queryset=LeadSource.objects.none())
    assignment = forms.ChoiceField(
        label=_("Assign leads to"), choices=Assignment.choices, initial=Assignment.FIXED,
        widget=forms.RadioSelect,
    )  # fmt: skip
    owner = forms.ModelChoiceField(
        label=_("Agent"), queryset=User.objects.none(), required=False,
        help_text=_("When leads go to one agent."),
    )  # fmt: skip
    agents = forms.ModelMultipleChoiceField(
        label=_("Agents in rotation"), queryset=User.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple, help_text=_("For round-robin: each new lead goes "
                                                         "to the next of them."),
    )  # fmt: skip
    visibility = forms.ChoiceField(
        label=_("Visibility of new leads"), choices=Visibility.choices, initial=Visibility.OFFICE
    )
    redirect_url = forms.URLField(
        label=_("Thank-you page"), required=False, max_length=500, assume_scheme="https",
        help_text=_("Where the visitor goes after sending (http or https). Empty: a plain "
                    "thank-you page."),
    )  # fmt: skip

    def __init__(self, *args, office_id: int, current_source_id: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        # The form's dict of fields (see `fields` above), for its three model choice fields.
        choosers = cast("dict[str, forms.ModelChoiceField[Any]]", self.fields)
        choosers["source"].queryset = LeadSource.objects.offered(office_id, current_source_id)
        staff = User.objects.filter(
            office_id=office_id, is_active=True, role__in=[Role.ADMIN, Role.AGENT]
        ).order_by("full_name")
        choosers["owner"].queryset = staff
        choosers["agents"].queryset = staff

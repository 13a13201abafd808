"""Forms for Setup: they only parse input; the services validate and save."""

from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from estatedesk.core.models import CustomField, CustomFieldTarget, CustomFieldType

from . import services
from .choices import Role
from .models import Office, User


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"))
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.AGENT)


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)


class HandoverForm(forms.Form):
    to_user = forms.ModelChoiceField(
        label=_("Hand over to"),
        queryset=User.objects.none(),
        help_text=_("An active user of this office."),
    )

    def __init__(self, *args, from_user: User, **kwargs):
        super().__init__(*args, **kwargs)
        # The departing user is one of the administrator's office (UserObjectMixin).
        assert from_user.office_id is not None
        to_user = cast(forms.ModelChoiceField, self.fields["to_user"])
        to_user.queryset = User.objects.filter(
            office_id=from_user.office_id, is_active=True
        ).exclude(pk=from_user.pk)


class OfficeForm(forms.Form):
    """The office's own fields, as the model defines them (labels, choices, lengths)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.update(
            forms.fields_for_model(Office, fields=list(services.OFFICE_EDITABLE_FIELDS))
        )
        # The portal's face: left out of a post, they stay as they are (`changes`).
        self.fields["brand_colour"].required = False
        self.fields["brand_colour"].widget = forms.TextInput(attrs={"type": "color"})

    def changes(self) -> dict:
        """The cleaned fields to save: no upload keeps the logo (the clear box removes it),
        no colour keeps the colour."""
        data = dict(self.cleaned_data)
        if data.get("logo") is None:
            data.pop("logo", None)
        elif data["logo"] is False:
            data["logo"] = ""
        if not data.get("brand_colour"):
            data.pop("brand_colour", None)
        return data


class CustomFieldForm(forms.Form):
    target = forms.ChoiceField(label=_("Applies to"), choices=CustomFieldTarget.choices)
    key = forms.CharField(
        label=_("Key"),
        max_length=50,
        help_text=_("Letters, digits and underscores, starting with a letter; used in filters "
                    "and the API."),
    )  # fmt: skip
    label = forms.CharField(label=_("Label"), max_length=100)
    field_type = forms.ChoiceField(label=_("Type"), choices=CustomFieldType.choices)
    choices = forms.CharField(
        label=_("Choices"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("For choice fields: one per line."),
    )
    required = forms.BooleanField(label=_("Required"), required=False)
    filterable = forms.BooleanField(label=_("Show as list filter"), required=False, initial=True)
    position = forms.IntegerField(
        label=_("Position"),
        required=False,
        min_value=0,
        help_text=_("Leave empty to put a new field last."),
    )

    @classmethod
    def initial_for(cls, field: CustomField) -> dict:
        return {
            "target": field.target,
            "key": field.key,
            "label": field.label,
            "field_type": field.field_type,
            "choices": "\n".join(field.choices),
            "required": field.required,
            "filterable": field.filterable,
            "position": field.position,
        }

    def clean_choices(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["choices"].splitlines() if line.strip()]

"""The add form of the Related contacts tab; the rules live in the service."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .choices import Relationship


class ContactLinkForm(forms.Form):
    relationship = forms.ChoiceField(label=_("This contact is"), choices=Relationship.choices)
    to_contact = forms.IntegerField(
        label=_("Contact"),
        min_value=1,
        error_messages={
            "required": _("Search for the contact and pick one of the results."),
            "invalid": _("Search for the contact and pick one of the results."),
        },
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

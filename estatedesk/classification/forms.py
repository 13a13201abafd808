"""Forms of classification's Setup pages: they only parse input; the services validate."""

from django import forms
from django.utils.translation import gettext_lazy as _


class LeadSourceForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)

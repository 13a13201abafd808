"""The upload form of the Documents tab; the checks that matter live in the service."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .choices import DocumentKind
from .files import ALLOWED_TYPES


class DocumentUploadForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(ALLOWED_TYPES)}),
    )
    kind = forms.ChoiceField(
        label=_("Kind"), choices=DocumentKind.choices, initial=DocumentKind.OTHER
    )
    description = forms.CharField(label=_("Description"), max_length=500, required=False)

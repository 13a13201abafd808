"""The webhook form: it only parses input; the services check the URL and save."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .choices import WebhookEvent


class WebhookForm(forms.Form):
    # A CharField, not a URLField: the service gives the reason a URL is refused (SSRF guard).
    url = forms.CharField(
        label=_("URL"),
        max_length=2000,
        help_text=_("A public http:// or https:// address of your system; it gets a signed POST."),
        widget=forms.URLInput(attrs={"placeholder": "https://example.com/estatedesk-hook"}),
    )
    events = forms.MultipleChoiceField(
        label=_("Events"),
        choices=WebhookEvent.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from . import services


class ThrottledLoginForm(AuthenticationForm):
    """E-mail and password; refuses to even check after too many recent failures."""

    username = forms.EmailField(
        label=_("E-mail address"), widget=forms.EmailInput(attrs={"autofocus": True})
    )
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("Wrong e-mail address or password."),
        "throttled": _("Too many failed logins. Wait a few minutes and try again."),
    }

    def clean(self):
        email = self.cleaned_data.get("username") or ""
        ip = self.request.META.get("REMOTE_ADDR") if self.request else None
        if services.login_is_throttled(email=email, ip_address=ip):
            raise forms.ValidationError(self.error_messages["throttled"], code="throttled")
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            services.login_failure_record(email=email, ip_address=ip)
            raise
        services.login_failures_clear(email=email)
        return cleaned

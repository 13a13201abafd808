"""The login form: e-mail and password, throttled by back-off (accounts.throttling)."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from . import throttling
from .throttling import client_ip

# Other apps read the client's address from here (capture's public forms).
__all__ = ["ThrottledLoginForm", "client_ip"]


class ThrottledLoginForm(AuthenticationForm):
    """E-mail and password; refuses to even check while this address must wait.

    `retry_after` is the wait in seconds when the form was refused for throttling, else 0.
    """

    username = forms.EmailField(
        label=_("E-mail address"), widget=forms.EmailInput(attrs={"autofocus": True})
    )
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("Wrong e-mail address or password."),
        "throttled": _("Too many failed logins. Wait a few minutes and try again."),
    }
    retry_after = 0

    def clean(self):
        email = self.cleaned_data.get("username") or ""
        ip = client_ip(self.request) if self.request else None
        self.retry_after = throttling.login_retry_after(email=email, ip_address=ip)
        if self.retry_after:
            raise forms.ValidationError(self.error_messages["throttled"], code="throttled")
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            throttling.login_failure_record(email=email, ip_address=ip)
            raise
        # The view forgets this address's failures once the login is complete.
        return cleaned

"""The login form (throttled by back-off: accounts.throttling) and the “forgot password” form."""

from collections.abc import Iterator
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm, PasswordResetForm
from django.utils.translation import gettext_lazy as _

from . import services, throttling
from .choices import Role
from .throttling import client_ip

# Other apps read the client's address from here (capture's public forms).
__all__ = [
    "OwnPasswordChangeForm", "StaffPasswordResetForm", "ThrottledLoginForm", "client_ip",
]  # fmt: skip


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

    def confirm_login_allowed(self, user):
        """Staff log in here; a portal client (who logs in at /portal/login/) is told exactly
        what a wrong password is told, so the page does not confirm that the address exists."""
        super().confirm_login_allowed(user)
        if user.role == Role.CLIENT:
            raise forms.ValidationError(self.error_messages["invalid_login"], code="invalid_login")


class StaffPasswordResetForm(PasswordResetForm):
    """“Forgot password” for administrators and agents. It says and does the same for any
    address; a mail goes only to an active staff user, at most a few an hour."""

    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )

    def get_users(self, email: str) -> Iterator[Any]:
        for user in super().get_users(email):
            if user.is_staff_member and throttling.reset_mail_allowed(email=user.email):
                yield user

    def send(self) -> None:
        """Send the link, built on the configured site address (never the request's Host)."""
        self.save(
            **services.site_link_options(),
            subject_template_name="accounts/password_reset_subject.txt",
            email_template_name="accounts/password_reset_email.txt",
            from_email=settings.DEFAULT_FROM_EMAIL,
        )


class OwnPasswordChangeForm(PasswordChangeForm):
    """Change your password; other sessions end anyway, API tokens only if you tick the box."""

    revoke_api_tokens = forms.BooleanField(
        label=_("Also revoke my API tokens"),
        required=False,
        help_text=_(
            "Programs using your tokens stop working until you give them new ones. "
            "Your other logged-in sessions end in any case."
        ),
    )

"""Forms of the portal's door: logging in, accepting an invitation, a forgotten password, and
the agent's invitation. They parse; the services (portal.services.access) decide."""

from collections.abc import Iterator
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from estatedesk.accounts import services as account_services
from estatedesk.accounts import throttling
from estatedesk.accounts.forms import StaffPasswordResetForm, ThrottledLoginForm

from .models import PortalAccess


class PortalLoginForm(ThrottledLoginForm):
    """The staff login's form and throttling; only a portal client with a usable access gets
    in, anyone else (staff included) hears what a wrong password hears."""

    def confirm_login_allowed(self, user):
        # Not ThrottledLoginForm's, which refuses exactly the clients this form lets in.
        AuthenticationForm.confirm_login_allowed(self, user)
        usable = PortalAccess.objects.usable().filter(user=user).exists()
        if not (user.is_portal_client and usable):
            raise forms.ValidationError(self.error_messages["invalid_login"], code="invalid_login")


class PortalPasswordResetForm(StaffPasswordResetForm):
    """“Forgot password” for portal clients: the same answer for every address; a link goes
    only to an active portal client who has set a password, a few an hour at most."""

    def get_users(self, email: str) -> Iterator[Any]:
        for user in super(StaffPasswordResetForm, self).get_users(email):
            if user.is_portal_client and throttling.reset_mail_allowed(email=user.email):
                yield user

    def send(self) -> None:
        """Send the link, built on the configured site address (never the request's Host)."""
        self.save(
            **account_services.site_link_options(),
            subject_template_name="portal/access/password_reset_subject.txt",
            email_template_name="portal/access/password_reset_email.txt",
            from_email=settings.DEFAULT_FROM_EMAIL,
        )


class AcceptInvitationForm(forms.Form):
    """Accepting an invitation: the terms, and a password when the login has none yet."""

    password = forms.CharField(
        label=_("Choose a password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password_again = forms.CharField(
        label=_("The same password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    terms = forms.BooleanField(
        label=_("I accept the terms of use of the client portal"),
        error_messages={"required": _("Accept the terms to use the portal.")},
    )

    def __init__(self, *args: Any, needs_password: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not needs_password:
            del self.fields["password"]
            del self.fields["password_again"]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if "password" in self.fields:
            first, again = cleaned.get("password"), cleaned.get("password_again")
            if first and again and first != again:
                self.add_error("password_again", _("The two passwords differ."))
        return cleaned


class InviteForm(forms.Form):
    """The agent's invitation: which of the contact's addresses the invitation goes to."""

    email = forms.ChoiceField(label=_("E-mail address"))

    def __init__(self, *args: Any, addresses: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["email"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(a, a) for a in addresses]
        if addresses:
            field.initial = addresses[0]


class HouseholdForm(forms.Form):
    share = forms.BooleanField(required=False)

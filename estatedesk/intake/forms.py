"""Setup forms for mailboxes: they only parse input; the services validate and save."""

from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from estatedesk.accounts.choices import Role
from estatedesk.accounts.models import User

from .choices import MailboxKind


class MailboxForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    kind = forms.ChoiceField(label=_("Kind"), choices=MailboxKind.choices)
    path = forms.CharField(
        label=_("Maildir directory"), max_length=500, required=False,
        help_text=_("For maildir: the directory holding new/, cur/ and tmp/ on this server."),
    )  # fmt: skip
    host = forms.CharField(label=_("IMAP host"), max_length=255, required=False)
    port = forms.IntegerField(
        label=_("IMAP port"), required=False, min_value=1, max_value=65535,
        help_text=_("Empty: 993 with SSL, 143 without."),
    )  # fmt: skip
    use_ssl = forms.BooleanField(label=_("SSL"), required=False, initial=True)
    username = forms.CharField(label=_("IMAP user name"), max_length=255, required=False)
    password = forms.CharField(
        label=_("IMAP password"), max_length=255, required=False,
        widget=forms.PasswordInput(render_value=False),
        help_text=_("Stored as given in the database. Left empty when editing: unchanged."),
    )  # fmt: skip
    folder = forms.CharField(label=_("IMAP folder"), max_length=255, required=False,
                             initial="INBOX")  # fmt: skip
    default_owner = forms.ModelChoiceField(
        label=_("Owner of new leads"), queryset=User.objects.none(), required=False,
        help_text=_("Empty: the office's first administrator."),
    )  # fmt: skip

    def __init__(self, *args, office_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        default_owner = cast(forms.ModelChoiceField, self.fields["default_owner"])
        default_owner.queryset = User.objects.filter(
            office_id=office_id, is_active=True, role__in=[Role.ADMIN, Role.AGENT]
        ).order_by("full_name")

"""Signals the accounts services send, for the apps above accounts (which it may not import)."""

from django.dispatch import Signal

# Sent by `services.office_create` inside its transaction, once the office is saved, with
# `office`: classification gives it the default lead sources.
office_created = Signal()

# Sent by `services.user_password_changed` once a user changed their own password, with `user`
# and `revoke_api_tokens` (they ticked “also revoke my API tokens”): the API revokes them.
password_changed = Signal()

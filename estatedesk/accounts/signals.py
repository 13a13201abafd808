"""Signals the accounts services send, for the apps above accounts (which it may not import)."""

from django.dispatch import Signal

# Sent by `services.office_create` inside its transaction, once the office is saved, with
# `office`: classification gives it the default lead sources.
office_created = Signal()

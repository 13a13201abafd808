"""States of portal access, offers, reactions, messages and viewing requests."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AccessStatus(models.TextChoices):
    INVITED = "invited", _("Invited")
    ACTIVE = "active", _("Active")
    DISABLED = "disabled", _("Disabled")


class Preference(models.TextChoices):
    """The client's verdict on an offered property (RESO ContactListings' preference idea)."""

    FAVOURITE = "favourite", _("Favourite")
    POSSIBLE = "possible", _("Possible")
    NOT_FOR_ME = "not_for_me", _("Not for me")


class ViewingStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    # The agent proposed another time; the client accepts it or cancels.
    PROPOSED = "proposed", _("Other time proposed")
    CONFIRMED = "confirmed", _("Confirmed")
    CANCELLED = "cancelled", _("Cancelled")


class Side(models.TextChoices):
    """Who wrote a message or cancelled a viewing."""

    CLIENT = "client", _("Client")
    AGENT = "agent", _("Agent")


# Rejection reasons a new office starts with (Setup lets it edit them).
DEFAULT_REJECTION_REASONS = (
    (_("Price"), False),
    (_("Location"), False),
    (_("Size"), False),
    (_("Condition"), False),
    (_("Layout"), False),
    (_("No parking"), False),
    (_("No garden"), False),
    (_("Other"), True),  # asks for a text
)

"""Kinds and statuses of deals, pipeline stages and deal history events."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from estatedesk.contacts.choices import CommissionType

__all__ = ["CommissionType", "DealEventKind", "DealKind", "StageKind"]


class StageKind(models.TextChoices):
    OPEN = "open", _("Open")
    WON = "won", _("Won")
    LOST = "lost", _("Lost")


class DealKind(models.TextChoices):
    SALE = "sale", _("Sale")
    RENTAL = "rental", _("Rental")


class DealEventKind(models.TextChoices):
    CREATED = "created", _("Created")
    STAGE_CHANGED = "stage", _("Stage changed")
    VALUE_CHANGED = "value", _("Value changed")
    OWNER_CHANGED = "owner", _("Owner changed")
    EDITED = "edited", _("Edited")


# The pipeline a new office starts with: (name, kind).
DEFAULT_STAGES = [
    (_("New"), StageKind.OPEN),
    (_("Viewing"), StageKind.OPEN),
    (_("Offer"), StageKind.OPEN),
    (_("Negotiation"), StageKind.OPEN),
    (_("Won"), StageKind.WON),
    (_("Lost"), StageKind.LOST),
]

"""Kinds of links between two contacts, and how each reads from either side."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class LinkKind(models.TextChoices):
    """Stored once, read from `from_contact`: “from_contact is <kind> to_contact”."""

    PARTNER = "partner", _("Partner / spouse")
    FAMILY = "family", _("Family")
    COLLEAGUE = "colleague", _("Colleague")
    REFERRED_BY = "referred_by", _("Referred by")
    ASSISTANT = "assistant", _("Assistant of")


# Kinds that read the same from both sides: A–B and B–A are one link.
SYMMETRIC_KINDS = frozenset({LinkKind.PARTNER, LinkKind.FAMILY, LinkKind.COLLEAGUE})

# How the link reads on the page of `to_contact` (“has assistant X”, “referred X”).
# Keyed by the stored value (a LinkKind is one).
REVERSE_LABELS: dict[str, StrOrPromise] = {
    LinkKind.PARTNER: _("Partner / spouse"),
    LinkKind.FAMILY: _("Family"),
    LinkKind.COLLEAGUE: _("Colleague"),
    LinkKind.REFERRED_BY: _("Referred"),
    LinkKind.ASSISTANT: _("Has assistant"),
}


class Relationship(models.TextChoices):
    """What the add form offers: the link as seen from the contact whose page it is on."""

    PARTNER = "partner", _("Partner / spouse of")
    FAMILY = "family", _("Family of")
    COLLEAGUE = "colleague", _("Colleague of")
    REFERRED_BY = "referred_by", _("Referred by")
    REFERRED = "referred", _("Referred")
    ASSISTANT = "assistant", _("Assistant of")
    HAS_ASSISTANT = "has_assistant", _("Has assistant")


# relationship → (kind, whether the page's contact is the link's `to_contact`)
RELATIONSHIP_LINKS: dict[str, tuple[str, bool]] = {
    Relationship.PARTNER: (LinkKind.PARTNER, False),
    Relationship.FAMILY: (LinkKind.FAMILY, False),
    Relationship.COLLEAGUE: (LinkKind.COLLEAGUE, False),
    Relationship.REFERRED_BY: (LinkKind.REFERRED_BY, False),
    Relationship.REFERRED: (LinkKind.REFERRED_BY, True),
    Relationship.ASSISTANT: (LinkKind.ASSISTANT, False),
    Relationship.HAS_ASSISTANT: (LinkKind.ASSISTANT, True),
}

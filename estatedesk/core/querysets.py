"""The one place that decides which records a user may see."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Self

from django.db import models

from .choices import Visibility

if TYPE_CHECKING:
    from estatedesk.accounts.models import User


class RecordQuerySet(models.QuerySet):
    def visible_to(self, user: User | Any) -> Self:
        """Records of the user's office that are shared with the office or owned by the user.

        Anonymous users, users without an office (portal users, superusers of no office) and
        deactivated users see nothing. Every list, detail, search, count and export starts here.
        """
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        if not getattr(user, "office_id", None) or not user.is_staff_member:
            return self.none()
        return self.filter(office_id=user.office_id).filter(
            models.Q(visibility=Visibility.OFFICE) | models.Q(owner_id=user.pk)
        )

    def active(self) -> Self:
        return self.filter(is_active=True)

    def search(self, text: str) -> Self:
        """Match every word of `text` against names, e-mails, company and phone digits."""
        qs = self
        for word in normalize_search(text).split():
            qs = qs.filter(search_text__contains=word)
        return qs


PHONE_LIKE = re.compile(r"[\d\s+()\-./]+")


def normalize_search(text: str) -> str:
    """Lower-case; a query that looks like a phone number becomes its digits (+31 6-12 → 31612)."""
    text = text.strip().lower()
    if PHONE_LIKE.fullmatch(text):
        digits = "".join(ch for ch in text if ch.isdigit())
        if len(digits) >= 3:
            return digits
    return " ".join(text.split())

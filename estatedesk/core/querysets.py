"""The one place that decides which records a user may see."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from django.db import models
from django.db.models.functions import Lower
from django.dispatch import Signal

from . import search
from .choices import Visibility
from .text import fold

if TYPE_CHECKING:
    from .actors import Actor

_M = TypeVar("_M", bound=models.Model)


class RecordQuerySet(models.QuerySet[_M]):
    def visible_to(self, user: Actor | Any) -> Self:
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

    def search(self, text: str, *, office_id: int | None = None) -> Self:
        """Match every word of `text` against names, e-mails, company and phone digits.

        Served by an index on both databases (see `core.search`); words shorter than three
        characters narrow the rows the indexed words found.
        """
        words = normalize_search(text).split()
        qs = self
        # A whole e-mail address is looked up in the e-mail table's index, not as trigrams:
        # “…@example.org” shares its trigrams with half the database.
        emails = [w for w in words if EMAIL_LIKE.fullmatch(w)]
        if emails and office_id is not None:
            # The record's e-mail table (a reverse relation's model is always a class).
            emails_field = self.model._meta.get_field("emails")
            email_model = cast("type[models.Model]", emails_field.related_model)
            for address in emails:
                qs = qs.filter(
                    pk__in=email_model._default_manager.annotate(lower_email=Lower("email"))
                    .filter(office_id=office_id, lower_email=address)
                    .values("record_id")
                )
            words = [w for w in words if w not in emails]
        long_words = [w for w in words if len(w) >= 3]
        if long_words and search.uses_fts():
            qs = qs.filter(
                pk__in=search.sqlite_match_subquery(self.model._meta.db_table, long_words)
            )
        else:
            for word in long_words:
                qs = qs.filter(search_text__contains=word)
        for word in words:
            if len(word) < 3:
                qs = qs.filter(search_text__contains=word)
        return qs


# Sent after a bulk write through a `SignallingQuerySet` (update(), and so bulk_update(), and
# bulk_create()), which Django's post_save does not cover; QuerySet.delete() already sends
# post_delete for every row while any receiver listens. Arguments: sender (the model), rows
# (the written rows' `signalled_columns`, as dicts), fields (the fields written; None: whole
# rows), using (the database alias).
rows_written = Signal()


class SignallingQuerySet(models.QuerySet[_M]):
    """A QuerySet whose bulk writes send `rows_written`, so that what is derived from a table
    (the office's cached lists) hears of every change, not only of saves.

    An update() that writes none of `watched_fields` (None: any field) sends nothing; one that
    does reads the written rows' `signalled_columns` first (one query).
    """

    signalled_columns: tuple[str, ...] = ("office_id",)
    watched_fields: frozenset[str] | None = None

    def update(self, **kwargs: Any) -> int:
        watched = self.watched_fields
        if not rows_written.has_listeners(self.model) or (
            watched is not None and not watched & kwargs.keys()
        ):
            return super().update(**kwargs)
        # No DISTINCT: PostgreSQL refuses it on a queryset locked with select_for_update().
        rows = list(self.values(*self.signalled_columns).order_by())
        count = super().update(**kwargs)
        if count:
            rows_written.send(self.model, rows=rows, fields=set(kwargs), using=self.db)
        return count

    def bulk_create(self, objs: Iterable[_M], *args: Any, **kwargs: Any) -> list[_M]:
        created = super().bulk_create(objs, *args, **kwargs)
        if created:
            rows = [{c: getattr(obj, c) for c in self.signalled_columns} for obj in created]
            rows_written.send(self.model, rows=rows, fields=None, using=self.db)
        return created


EMAIL_LIKE = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s.]{2,}")
PHONE_LIKE = re.compile(r"[\d\s+()\-./]+")


def normalize_search(text: str) -> str:
    """Folded (lower-case, no accents); a phone-like query becomes its digits (+31 6-12 → 31612)."""
    text = fold(text.strip())
    if PHONE_LIKE.fullmatch(text):
        digits = "".join(ch for ch in text if ch.isdigit())
        if len(digits) >= 3:
            return digits
    return " ".join(text.split())

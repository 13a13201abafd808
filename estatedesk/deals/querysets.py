"""Visibility (inherited from core) and reusable filters for deals and stages."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Self

from django.db import models
from django.utils import timezone

from estatedesk.core.querysets import RecordQuerySet
from estatedesk.core.text import fold

from .choices import StageKind

if TYPE_CHECKING:
    # The querysets' model type arguments (which ruff does not see as uses).
    from .models import Deal, PipelineStage  # noqa: F401

# Won and lost deals stay on the board this long after they closed.
BOARD_CLOSED_DAYS = 30


class DealQuerySet(RecordQuerySet["Deal"]):
    def open(self) -> Self:
        return self.filter(status=StageKind.OPEN)

    def on_board(self) -> Self:
        """Open deals, and won/lost ones closed in the last `BOARD_CLOSED_DAYS` days."""
        since = timezone.now() - timedelta(days=BOARD_CLOSED_DAYS)
        return self.filter(is_active=True).filter(
            models.Q(status=StageKind.OPEN) | models.Q(closed_at__gte=since)
        )

    def search_title(self, text: str) -> Self:
        """Every word of `text` (folded) in the title, property or people of the deal."""
        qs = self
        for word in fold(text).split():
            qs = qs.filter(search_text__contains=word)
        return qs


class StageQuerySet(models.QuerySet["PipelineStage"]):
    def for_office(self, office_id: int) -> Self:
        return self.filter(office_id=office_id)

    def offered(self, office_id: int, current_id: int | None = None) -> Self:
        """Active stages of the office, plus the deal's current one even if deactivated."""
        q = models.Q(is_active=True)
        if current_id:
            q |= models.Q(pk=current_id)
        return self.filter(q, office_id=office_id)

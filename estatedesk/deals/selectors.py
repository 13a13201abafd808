"""Reads for deal pages: the board, list rows, the detail page, the Deals tab of people."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, TypeVar

from django.db.models import Count, F, Prefetch, Q, QuerySet, Sum
from django.utils.translation import gettext_lazy as _

from estatedesk.accounts.models import User
from estatedesk.contacts.models import Contact, Relation
from estatedesk.core.http import StaffRequest
from estatedesk.core.models import SharedRecord
from estatedesk.core.querysets import RecordQuerySet
from estatedesk.core.text import fold

from .choices import DealKind
from .models import CommissionSplit, Deal, DealEvent, PipelineStage
from .querysets import BOARD_CLOSED_DAYS, DealQuerySet
from .services import stages_for_office

# What a card or a row shows from other tables, in the same query.
CARD_RELATED = ("stage", "owner", "property", *Deal.PEOPLE_FIELDS)

_Deals = TypeVar("_Deals", bound=QuerySet[Deal])


def with_card_related(qs: _Deals) -> _Deals:
    return qs.select_related(*CARD_RELATED)


@dataclass
class BoardColumn:
    stage: PipelineStage
    deals: list[Deal] = field(default_factory=list)
    count: int = 0
    total: Decimal = Decimal("0")


def board_columns(user: User, *, stage_ids: set[int] | None = None) -> list[BoardColumn]:
    """The active stages in order, each with its visible deals on the board and its totals.

    Three queries whatever the number of deals: stages, deals (with what a card shows), and
    the count and value sum per stage.
    """
    stages = [s for s in stages_for_office(user.staff_office) if s.is_active]
    if stage_ids is not None:
        stages = [s for s in stages if s.pk in stage_ids]
    columns = {s.pk: BoardColumn(stage=s) for s in stages}
    deals = with_card_related(
        Deal.objects.visible_to(user).on_board().filter(stage_id__in=list(columns))
    ).order_by("-updated_at", "-pk")
    for deal in deals:
        columns[deal.stage_id].deals.append(deal)
    totals = (
        Deal.objects.visible_to(user).on_board().filter(stage_id__in=list(columns))
        .order_by().values("stage_id").annotate(n=Count("pk"), total=Sum("value"))
    )  # fmt: skip
    for row in totals:
        columns[row["stage_id"]].count = row["n"]
        columns[row["stage_id"]].total = row["total"] or Decimal("0")
    return list(columns.values())


def pick_queryset(user: User, kind: str) -> RecordQuerySet[Any] | None:
    """What a deal form may link to: the visible contacts, relations or properties."""
    from estatedesk.properties.models import Property

    models: dict[str, type[SharedRecord]] = {
        "contact": Contact,
        "relation": Relation,
        "property": Property,
    }
    model = models.get(kind)
    return None if model is None else model.objects.visible_to(user)


def pick_matches(
    queryset: RecordQuerySet[Any], kind: str, text: str, user: User
) -> RecordQuerySet[Any]:
    """Records matching every word; people through the indexed search, properties by words
    of their search text (reference, address)."""
    if not text:
        return queryset.none()
    if kind in ("contact", "relation"):
        return queryset.search(text, office_id=user.office_id)
    for word in fold(text).split():
        queryset = queryset.filter(search_text__contains=word)
    return queryset


def list_rows(user: User) -> DealQuerySet:
    return with_card_related(Deal.objects.visible_to(user))


def detail_record(user: User, pk: int) -> Deal | None:
    """One visible deal with its splits and history, in a fixed number of queries."""
    return (
        with_card_related(Deal.objects.visible_to(user))
        .prefetch_related(
            Prefetch("splits", queryset=CommissionSplit.objects.select_related("agent")),
            Prefetch("events", queryset=DealEvent.objects.select_related("actor")),
        )
        .filter(pk=pk)
        .first()
    )


def deals_of_record(user: User, record: SharedRecord) -> list[Deal]:
    """The visible deals where a contact or relation is on either side, or on a property.

    One query. Each deal gets `side`: buyer, tenant, seller or landlord, as the contact or
    relation is in it (empty for a property's deals).
    """
    name = record._meta.model_name
    if name == "property":
        side = Q(property=record)
    else:
        side = Q(**{f"buyer_{name}": record}) | Q(**{f"seller_{name}": record})
    deals = list(
        # Open deals (no close date) first, then the most recently closed.
        with_card_related(Deal.objects.visible_to(user).filter(side)).order_by(
            F("closed_at").desc(nulls_first=True), "-updated_at", "-pk"
        )
    )
    if name == "property":
        for deal in deals:
            deal.side = ""
        return deals
    for deal in deals:
        buying = getattr(deal, f"buyer_{name}_id") == record.pk
        rental = deal.kind == DealKind.RENTAL
        deal.side = SIDES[(buying, rental)]
    return deals


SIDES = {
    (True, False): _("Buyer"),
    (True, True): _("Tenant"),
    (False, False): _("Seller"),
    (False, True): _("Landlord"),
}


def record_deals_tab(request: StaffRequest, record: SharedRecord) -> dict[str, Any]:
    """Context of the "Deals" tab on contact, relation and property pages (`DealsConfig.ready`)."""
    name = record._meta.model_name
    new_deal_query = f"property={record.pk}" if name == "property" else f"buyer_{name}={record.pk}"
    return {
        "record_deals": deals_of_record(request.user, record),
        "record": record,
        "new_deal_query": new_deal_query,
        "show_side": name != "property",
        "currency": request.user.staff_office.currency,
    }


__all__ = ["BOARD_CLOSED_DAYS", "board_columns", "deals_of_record", "detail_record", "list_rows"]

"""Every write to pipeline stages, deals, commission splits and deal history."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any, cast

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from estatedesk.accounts.models import Office, User
from estatedesk.contacts.models import Contact, Relation
from estatedesk.core.limits import check_room
from estatedesk.core.ownership import check_owner_and_visibility
from estatedesk.core.permissions import require_admin, require_staff
from estatedesk.core.text import fold

from .choices import DEFAULT_STAGES, DealEventKind, StageKind
from .models import CommissionSplit, Deal, DealEvent, PipelineStage

if TYPE_CHECKING:
    from django.db.models import Field

# --- stages ---------------------------------------------------------------------------------


@transaction.atomic
def stages_for_office(office: Office) -> list[PipelineStage]:
    """The office's stages in order; an office without any gets the default pipeline first."""
    stages = list(PipelineStage.objects.for_office(office.pk))
    if stages:
        return stages
    # Lock the office row so that two first requests do not both create the defaults.
    Office.objects.select_for_update().filter(pk=office.pk).first()
    stages = list(PipelineStage.objects.for_office(office.pk))
    if stages:
        return stages
    PipelineStage.objects.bulk_create(
        PipelineStage(office_id=office.pk, name=str(name), kind=kind, order=position)
        for position, (name, kind) in enumerate(DEFAULT_STAGES, start=1)
    )
    return list(PipelineStage.objects.for_office(office.pk))


def _own_stage(stage: PipelineStage, actor: User) -> PipelineStage:
    office_id = require_admin(actor, with_message=False)
    fresh = PipelineStage.objects.for_office(office_id).filter(pk=stage.pk).first()
    if fresh is None:
        raise PermissionDenied
    return fresh


def _check_stage_name(office_id: int, name: str, exclude: int | None = None) -> str:
    name = " ".join(name.split())
    if not name:
        raise ValidationError({"name": _("Give the stage a name.")})
    others = PipelineStage.objects.for_office(office_id)
    if exclude is not None:
        others = others.exclude(pk=exclude)
    if any(fold(n) == fold(name) for n in others.values_list("name", flat=True)):
        raise ValidationError({"name": _("There is already a stage called “%(name)s”.") % {
            "name": name}})  # fmt: skip
    return name


@transaction.atomic
def stage_create(*, actor: User, name: str, kind: str = StageKind.OPEN) -> PipelineStage:
    """Add a stage at the end of the pipeline (after the defaults are in place)."""
    office_id = require_admin(actor, with_message=False)
    stages_for_office(actor.staff_office)
    name = _check_stage_name(office_id, name)
    check_room(
        "deal_stages_per_office",
        PipelineStage.objects.for_office(office_id),
        field="name",
        lock=Office.objects.filter(pk=office_id),
    )
    if kind not in StageKind.values:
        raise ValidationError({"kind": _("Choose open, won or lost.")})
    last = PipelineStage.objects.for_office(office_id).aggregate(m=Max("order"))["m"] or 0
    stage = PipelineStage(office_id=office_id, name=name, kind=kind, order=last + 1)
    stage.full_clean(exclude=["office"])
    stage.save()
    return stage


@transaction.atomic
def stage_rename(*, stage: PipelineStage, actor: User, name: str) -> PipelineStage:
    stage = _own_stage(stage, actor)
    stage.name = _check_stage_name(stage.office_id, name, exclude=stage.pk)
    stage.save(update_fields=["name", "updated_at"])
    return stage


@transaction.atomic
def stage_reorder(*, stage: PipelineStage, actor: User, direction: int) -> None:
    """Swap the stage with its neighbour (direction -1: up/left, +1: down/right)."""
    stage = _own_stage(stage, actor)
    stages = list(PipelineStage.objects.for_office(stage.office_id).select_for_update())
    index = next(i for i, s in enumerate(stages) if s.pk == stage.pk)
    other = index + (1 if direction > 0 else -1)
    if not 0 <= other < len(stages):
        return
    stages[index], stages[other] = stages[other], stages[index]
    for position, item in enumerate(stages, start=1):
        if item.order != position:
            item.order = position
            item.save(update_fields=["order", "updated_at"])


@transaction.atomic
def stage_set_active(*, stage: PipelineStage, actor: User, active: bool) -> PipelineStage:
    """A deactivated stage leaves the board and the stage choices; its deals keep it."""
    stage = _own_stage(stage, actor)
    if not active and stage.kind == StageKind.OPEN:
        remaining = (
            PipelineStage.objects.for_office(stage.office_id)
            .filter(is_active=True, kind=StageKind.OPEN)
            .exclude(pk=stage.pk)
        )
        if not remaining.exists():
            raise ValidationError(_("Keep at least one active open stage: new deals start in one."))
    stage.is_active = active
    stage.save(update_fields=["is_active", "updated_at"])
    return stage


@transaction.atomic
def stage_delete(*, stage: PipelineStage, actor: User) -> None:
    """Only a stage no deal is in can be deleted; otherwise deactivate it."""
    stage = _own_stage(stage, actor)
    count = Deal.objects.filter(office_id=stage.office_id, stage=stage).count()
    if count:
        raise ValidationError(
            _(
                "“%(name)s” holds %(count)d deal(s) and cannot be deleted. Deactivate it "
                "instead: it leaves the board, and its deals keep it."
            ),
            params={"name": stage.name, "count": count},  # isolated where it is shown
        )
    if stage.kind == StageKind.OPEN and not (
        PipelineStage.objects.for_office(stage.office_id)
        .filter(is_active=True, kind=StageKind.OPEN)
        .exclude(pk=stage.pk)
        .exists()
    ):
        raise ValidationError(_("Keep at least one active open stage: new deals start in one."))
    stage.delete()


def default_stage(office: Office) -> PipelineStage:
    """Where a new deal starts: the first active open stage."""
    stages = stages_for_office(office)
    return next(s for s in stages if s.is_active and s.kind == StageKind.OPEN)


# --- deals ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class SplitIn:
    agent: User
    share: Decimal


def _close_for_stage(deal: Deal, stage: PipelineStage) -> None:
    """Status follows the stage; entering won/lost sets closed_at, back to open clears it."""
    deal.stage = stage
    if stage.kind == StageKind.OPEN:
        deal.closed_at = None
    elif deal.status != stage.kind or deal.closed_at is None:
        deal.closed_at = timezone.now()
    deal.status = stage.kind
    if stage.kind == StageKind.LOST:
        deal.lost_reason = deal.lost_reason.strip()
        if not deal.lost_reason:
            raise ValidationError(
                {"lost_reason": _("Say why the deal was lost: a lost deal needs a reason.")}
            )


def _check_references(deal: Deal, actor: User, stored: Deal | None) -> None:
    """Stage, owner, property and people: of the deal's office, and visible to the actor.

    A reference the actor did not change is not checked again, so a colleague can edit an
    office deal whose buyer is the owner's personal contact without losing that buyer.
    """
    from estatedesk.properties.models import Property

    errors: dict[str, str] = {}

    def changed(field: str) -> bool:
        return stored is None or getattr(stored, f"{field}_id") != getattr(deal, f"{field}_id")

    if deal.stage_id is None:
        errors["stage"] = _("Choose a stage.")
    elif changed("stage"):
        stage = PipelineStage.objects.filter(pk=deal.stage_id, office_id=deal.office_id).first()
        if stage is None or not stage.is_active:
            errors["stage"] = _("Choose one of your office's active stages.")
    if changed("owner"):
        owner = User.objects.filter(pk=deal.owner_id).only("office_id", "is_active", "role").first()
        if (
            owner is None
            or owner.office_id != deal.office_id
            or not owner.is_active
            or not owner.is_staff_member
        ):
            errors["owner"] = _("Choose an active user of your office as owner.")
    checks = [
        ("property", Property, _("Choose a property you can see.")),
        ("buyer_contact", Contact, _("Choose a buyer or tenant you can see.")),
        ("buyer_relation", Relation, _("Choose a buyer or tenant company you can see.")),
        ("seller_contact", Contact, _("Choose a seller or landlord you can see.")),
        ("seller_relation", Relation, _("Choose a seller or landlord company you can see.")),
    ]
    for field, model, message in checks:
        pk = getattr(deal, f"{field}_id")
        if (
            pk is not None
            and changed(field)
            and not model.objects.visible_to(actor).filter(pk=pk).exists()
        ):
            errors[field] = message
    if errors:
        raise ValidationError(errors)


def _clean_splits(deal: Deal, splits: list[SplitIn]) -> list[SplitIn]:
    """Each row an active agent of the office with a share in (0, 100]; together 100%."""
    errors: list[str] = []
    seen: set[int] = set()
    agents = {
        u.pk: u
        for u in User.objects.filter(
            pk__in=[s.agent.pk for s in splits], office_id=deal.office_id, is_active=True
        )
    }
    for n, split in enumerate(splits, start=1):
        if split.agent.pk not in agents or not agents[split.agent.pk].is_staff_member:
            errors.append(
                _("Split %(n)d: %(agent)s is not an active agent of your office.")
                % {"n": n, "agent": split.agent}
            )
        elif split.agent.pk in seen:
            errors.append(
                _("Split %(n)d: %(agent)s already has a share.") % {"n": n, "agent": split.agent}
            )
        seen.add(split.agent.pk)
        if split.share is None or not Decimal("0") < split.share <= Decimal("100"):
            errors.append(
                _("Split %(n)d: a share must be more than 0%% and at most 100%%.") % {"n": n}
            )
    if errors:
        raise ValidationError({"splits": errors})
    total = sum((s.share for s in splits), Decimal("0"))
    if splits and total != Decimal("100"):
        raise ValidationError(
            {"splits": _("The shares add up to %(total)s%%; together they must make 100%%.")
             % {"total": f"{total.normalize():f}"}}
        )  # fmt: skip
    return splits


def refresh_search_text(deal: Deal) -> None:
    """Title, property and the people on both sides: what the list search matches."""
    parts = [deal.title, str(deal.property) if deal.property_id else ""]
    parts += [str(r) for r in (*deal.buyer_side, *deal.seller_side)]
    deal.search_text = " ".join(fold(p) for p in parts if p)
    deal.sort_name = fold(deal.title)[:255]
    Deal.objects.filter(pk=deal.pk).update(search_text=deal.search_text, sort_name=deal.sort_name)


def _event(deal: Deal, actor: User, kind: str, from_text: str = "", to_text: str = "") -> None:
    DealEvent.objects.create(
        office_id=deal.office_id, deal=deal, actor=actor, kind=kind,
        from_text=from_text[:255], to_text=to_text[:255],
    )  # fmt: skip


def _money(value: Decimal | None) -> str:
    return "" if value is None else f"{value:,.2f}"


TRACKED_FIELDS = ("title", "kind", "expected_close_date", "property", "commission_type",
                  "commission_value", "lost_reason", "notes", "visibility", "is_active",
                  *Deal.PEOPLE_FIELDS)  # fmt: skip


@transaction.atomic
def deal_save(*, deal: Deal, actor: User, splits: list[SplitIn] | None = None) -> Deal:
    """Create or update a deal (and, when given, replace its commission splits).

    Office always comes from the actor. An owner or visibility the actor may not set is refused
    on its field (`check_owner_and_visibility`); a new deal without an owner is the actor's, and
    without a stage starts in the office's first active open stage. Every change is recorded
    in the deal's history.
    """
    office_id = require_staff(actor)
    if deal.pk is None:
        stored = None
        _start_new_deal(deal, actor, office_id)
    else:
        stored = _stored_for_update(deal, actor)
    _check_references(deal, actor, stored)
    stage = PipelineStage.objects.get(pk=deal.stage_id)
    _close_for_stage(deal, stage)
    clean_splits = _clean_splits(deal, splits) if splits is not None else None
    deal.full_clean(exclude=["office", "owner", "stage", "search_text", "sort_name"])
    deal.save()
    if clean_splits is not None:
        CommissionSplit.objects.filter(deal=deal).delete()
        CommissionSplit.objects.bulk_create(
            CommissionSplit(office_id=deal.office_id, deal=deal, agent=s.agent, share=s.share)
            for s in clean_splits
        )
    refresh_search_text(deal)
    if stored is None:
        _event(deal, actor, DealEventKind.CREATED, to_text=stage.name)
    else:
        _record_changes(deal, stored, stage, actor)
    return deal


def _start_new_deal(deal: Deal, actor: User, office_id: int) -> None:
    """In the actor's office, owned by them unless an administrator names the owner (another
    owner named by an agent is refused on its field), in the first open stage unless one is
    given."""
    deal.office_id = office_id
    check_owner_and_visibility(deal, stored=None, actor=actor)
    if deal.owner_id is None:
        deal.owner_id = actor.pk
    if deal.stage_id is None:
        deal.stage = default_stage(actor.staff_office)
    deal.status = ""  # so that a new deal entering a closed stage gets closed_at


def _stored_for_update(deal: Deal, actor: User) -> Deal:
    """The stored deal, locked (the actor must see it); office, status and close date stay as
    stored, and an owner or visibility the actor may not set is refused on its field."""
    stored = (
        Deal.objects.visible_to(actor).select_for_update().select_related("stage", "owner")
        .filter(pk=deal.pk).first()
    )  # fmt: skip
    if stored is None:
        raise PermissionDenied
    deal.office_id = stored.office_id
    deal.status, deal.closed_at = stored.status, stored.closed_at
    check_owner_and_visibility(deal, stored=stored, actor=actor)
    return stored


def _record_changes(deal: Deal, stored: Deal, stage: PipelineStage, actor: User) -> None:
    """One history event per kind of change: stage, value, owner, and the other fields."""
    if stored.stage_id != deal.stage_id:
        _event(deal, actor, DealEventKind.STAGE_CHANGED, stored.stage.name, stage.name)
    if stored.value != deal.value:
        _event(deal, actor, DealEventKind.VALUE_CHANGED, _money(stored.value), _money(deal.value))
    if stored.owner_id != deal.owner_id:
        new_owner = User.objects.get(pk=deal.owner_id)
        _event(deal, actor, DealEventKind.OWNER_CHANGED, str(stored.owner), str(new_owner))
    # The tracked names are the deal's own fields (get_field may also answer relations).
    tracked = [cast("Field[Any, Any]", Deal._meta.get_field(f)) for f in TRACKED_FIELDS]
    edited = [
        str(field.verbose_name)
        for field in tracked
        if getattr(stored, field.attname) != getattr(deal, field.attname)
    ]
    if edited:
        _event(deal, actor, DealEventKind.EDITED, to_text=", ".join(edited))


@transaction.atomic
def deal_move(*, deal: Deal, stage: PipelineStage, actor: User, lost_reason: str = "") -> Deal:
    """Move a deal the actor can see into another active stage of its office.

    Into won or lost sets the close date (lost needs a reason); back into an open stage
    clears it. Records the move in the deal's history. Moving into the stage it is in
    changes nothing.
    """
    require_staff(actor)
    fresh = (
        Deal.objects.visible_to(actor).select_for_update().select_related("stage")
        .filter(pk=deal.pk).first()
    )  # fmt: skip
    if fresh is None:
        raise PermissionDenied
    target = PipelineStage.objects.filter(pk=stage.pk, office_id=fresh.office_id).first()
    if target is None or not target.is_active:
        raise ValidationError({"stage": _("Choose one of your office's active stages.")})
    if target.pk == fresh.stage_id:
        return fresh
    previous = fresh.stage
    if lost_reason.strip():
        fresh.lost_reason = lost_reason.strip()[:255]
    _close_for_stage(fresh, target)
    fresh.save(update_fields=["stage", "status", "closed_at", "lost_reason", "updated_at"])
    _event(fresh, actor, DealEventKind.STAGE_CHANGED, previous.name, target.name)
    return fresh


@transaction.atomic
def deal_delete(*, deal: Deal, actor: User) -> None:
    """Only the owner or an office administrator deletes a deal (with its history)."""
    require_staff(actor)
    fresh = Deal.objects.visible_to(actor).filter(pk=deal.pk).first()
    if fresh is None or not fresh.can_administer(actor):
        raise PermissionDenied
    fresh.delete()

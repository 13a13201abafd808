"""The agent's updates on how a listing is marketed, which its owner may see in the portal."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from estatedesk.accounts.models import User
from estatedesk.core.permissions import require_staff
from estatedesk.properties.models import Property

from ..models import ListingUpdate


def _visible_property(actor: User, prop: Property) -> Property:
    require_staff(actor)
    fresh = Property.objects.visible_to(actor).filter(pk=prop.pk).first()
    if fresh is None:
        raise PermissionDenied
    return fresh


def _visible_update(actor: User, update: ListingUpdate) -> ListingUpdate:
    require_staff(actor)
    fresh = (
        ListingUpdate.objects.select_for_update()
        .filter(pk=update.pk, property__in=Property.objects.visible_to(actor))
        .first()
    )
    if fresh is None:
        raise PermissionDenied
    return fresh


@transaction.atomic
def listing_update_create(
    *, property: Property, actor: User, body: str, visible_to_owner: bool = True
) -> ListingUpdate:
    """An agent writes how `property` is being marketed; the owner sees it when so marked."""
    prop = _visible_property(actor, property)
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": _("Write the update.")})
    return ListingUpdate.objects.create(
        office_id=prop.office_id,
        property=prop,
        body=body,
        author=actor,
        visible_to_owner=visible_to_owner,
    )


@transaction.atomic
def listing_update_set_visible(
    *, update: ListingUpdate, actor: User, visible_to_owner: bool
) -> ListingUpdate:
    update = _visible_update(actor, update)
    update.visible_to_owner = visible_to_owner
    update.save(update_fields=["visible_to_owner", "updated_at"])
    return update


@transaction.atomic
def listing_update_delete(*, update: ListingUpdate, actor: User) -> None:
    _visible_update(actor, update).delete()

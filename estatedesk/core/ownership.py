"""Who may set a shared record's owner and visibility: the one rule every save service applies."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .actors import Actor
from .models import SharedRecord


def check_owner_and_visibility(
    record: SharedRecord, *, stored: SharedRecord | None, actor: Actor
) -> None:
    """Refuse, naming the field, an owner or visibility `actor` may not set on `record`.

    `stored` is the record as saved (None when creating). A new record is the actor's unless an
    office administrator names another owner; on an existing one only an administrator changes
    the owner, and only the owner or an administrator changes who sees it. Sending the value
    the record already has is always allowed, so forms and PUTs may repeat it.
    """
    errors: dict[str, str] = {}
    if stored is None:
        if record.owner_id not in (None, actor.pk) and not actor.is_office_admin:
            errors["owner"] = _("Only an office administrator can choose another owner.")
    else:
        if record.owner_id != stored.owner_id and not actor.is_office_admin:
            errors["owner"] = _("Only an office administrator can change the owner.")
        if record.visibility != stored.visibility and not stored.can_administer(actor):
            errors["visibility"] = _(
                "Only the owner or an office administrator can change who sees this record."
            )
    if errors:
        raise ValidationError(errors)

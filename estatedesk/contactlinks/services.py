"""Every write to contact links."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from estatedesk.accounts.models import User
from estatedesk.contacts.models import Contact
from estatedesk.core.limits import check_room
from estatedesk.core.permissions import require_staff

from .choices import SYMMETRIC_KINDS, LinkKind
from .models import ContactLink


@transaction.atomic
def contact_link_add(
    *,
    from_contact: Contact,
    to_contact: Contact | None,
    kind: str,
    actor: User,
    note: str = "",
) -> ContactLink:
    """Link two contacts the actor can both see: “from_contact is <kind> to_contact”.

    PermissionDenied if the actor cannot see `from_contact` (views answer 404); a
    ValidationError naming the field for an invisible or identical other contact, an unknown
    kind or a link that exists already (either way round, for symmetric kinds).
    """
    require_staff(actor)
    visible = Contact.objects.visible_to(actor)
    if not visible.filter(pk=from_contact.pk).exists():
        raise PermissionDenied
    if to_contact is None or not visible.filter(pk=to_contact.pk).exists():
        raise ValidationError({"to_contact": _("Choose a contact you can see.")})
    if to_contact.pk == from_contact.pk:
        raise ValidationError({"to_contact": _("A contact cannot be linked to itself.")})
    if from_contact.office_id != to_contact.office_id:  # visible_to already ensures it
        raise ValidationError({"to_contact": _("Choose a contact of your office.")})
    if kind not in LinkKind.values:
        raise ValidationError({"kind": _("Choose how the two contacts are related.")})
    note = (note or "").strip()
    if len(note) > 300:
        raise ValidationError({"note": _("Keep the note under 300 characters.")})
    same = Q(from_contact=from_contact, to_contact=to_contact)
    if kind in SYMMETRIC_KINDS:
        same |= Q(from_contact=to_contact, to_contact=from_contact)
    for end in (from_contact, to_contact):
        # Both ends show the link, so each must have room for it.
        check_room(
            "links_per_contact",
            ContactLink.objects.filter(Q(from_contact=end) | Q(to_contact=end)),
            field="to_contact",
            lock=Contact.objects.filter(pk=end.pk),
        )
    if ContactLink.objects.filter(same, office_id=from_contact.office_id, kind=kind).exists():
        raise ValidationError(
            {
                "to_contact": ValidationError(
                    _("%(a)s and %(b)s are already linked as “%(kind)s”."),
                    params={"a": from_contact, "b": to_contact, "kind": LinkKind(kind).label},
                )
            }
        )
    return ContactLink.objects.create(
        office_id=from_contact.office_id,
        from_contact=from_contact,
        to_contact=to_contact,
        kind=kind,
        note=note,
        created_by=actor,
    )


@transaction.atomic
def contact_link_remove(*, link: ContactLink, actor: User) -> None:
    """Anyone who can see both contacts may remove the link between them."""
    office_id = require_staff(actor)
    visible = Contact.objects.visible_to(actor).values("pk")
    if not ContactLink.objects.filter(
        pk=link.pk,
        office_id=office_id,
        from_contact_id__in=visible,
        to_contact_id__in=visible,
    ).exists():
        raise PermissionDenied
    link.delete()

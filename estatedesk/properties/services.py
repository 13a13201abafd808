"""Every write to properties, photos, projects and property links goes through these functions."""

from __future__ import annotations

import datetime
from typing import TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Exists, Max, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from estatedesk.accounts.models import User
from estatedesk.contacts.models import Contact, Lead, Relation

# Sharing and the may-administer check are the same for every SharedRecord: one definition.
from estatedesk.contacts.services import _administered
from estatedesk.contacts.services import record_share as record_share
from estatedesk.core.limits import check_room
from estatedesk.core.models import SharedRecord
from estatedesk.core.ownership import check_owner_and_visibility
from estatedesk.core.permissions import require_staff
from estatedesk.core.storage import save_file
from estatedesk.core.text import fold

from .choices import LinkRole, ProjectRole
from .models import Project, ProjectPerson, Property, PropertyLink, PropertyPhoto, private_storage
from .photos import check_photo

Record = TypeVar("Record", Property, Project)

REFERENCE_PREFIX = "P-"


def _visible(model: type[SharedRecord], pk: int | None, actor: User) -> bool:
    return pk is not None and model.objects.visible_to(actor).filter(pk=pk).exists()


def _require_visible(model: type[SharedRecord], pk: int | None, actor: User) -> None:
    require_staff(actor)
    if not _visible(model, pk, actor):
        raise PermissionDenied


def next_reference(office_id: int) -> str:
    """The next free `P-000123` of the office."""
    taken = Property.objects.filter(office_id=office_id)
    number = taken.count() + 1
    while taken.filter(reference=f"{REFERENCE_PREFIX}{number:06d}").exists():
        number += 1
    return f"{REFERENCE_PREFIX}{number:06d}"


def build_search_text(record: Record) -> str:
    if isinstance(record, Property):
        parts = [record.reference, record.street, record.house_number, record.postal_code,
                 record.postal_code.replace(" ", ""), record.city]  # fmt: skip
    else:
        parts = [record.name, record.street, record.postal_code, record.city]
    return " ".join(fold(p) for p in parts if p)


def build_sort_name(record: Record) -> str:
    return fold(record.reference if isinstance(record, Property) else record.name)[:255]


def _prepare_shared(record: Record, actor: User) -> None:
    """Office from the actor; owner and visibility only as the actor may set them.

    The same rules as `contacts.services.record_save` (`check_owner_and_visibility`): a new
    record without an owner is the actor's; what the actor may not set is refused on its field.
    """
    require_staff(actor)
    if record.pk is None:
        record.office_id = actor.office_id
        check_owner_and_visibility(record, stored=None, actor=actor)
        if record.owner_id is None:
            record.owner_id = actor.pk
    else:
        stored = type(record).objects.visible_to(actor).filter(pk=record.pk).first()
        if stored is None:
            raise PermissionDenied
        record.office_id = stored.office_id
        check_owner_and_visibility(record, stored=stored, actor=actor)
    owner = User.objects.filter(pk=record.owner_id).only("office_id", "is_active", "role").first()
    if (
        owner is None
        or owner.office_id != record.office_id
        or not owner.is_active
        or not owner.is_staff_member
    ):
        raise ValidationError({"owner": _("Choose an active user of your office as owner.")})


@transaction.atomic
def property_save(*, record: Property, actor: User) -> Property:
    """Create or update a property; a blank reference gets the office's next `P-000123`."""
    _prepare_shared(record, actor)
    errors: dict[str, str] = {}
    if record.project_id is not None and not _visible(Project, record.project_id, actor):
        errors["project"] = _("Choose a project you can see.")
    record.reference = record.reference.strip()
    if not record.reference:
        record.reference = next_reference(record.office_id)
    elif (
        Property.objects.filter(office_id=record.office_id, reference__iexact=record.reference)
        .exclude(pk=record.pk)
        .exists()
    ):
        errors["reference"] = _("Another property of your office has this reference.")
    if errors:
        raise ValidationError(errors)
    record.search_text = build_search_text(record)
    record.sort_name = build_sort_name(record)
    record.full_clean(exclude=["office", "owner", "search_text", "sort_name"])
    record.save()
    return record


@transaction.atomic
def project_save(*, record: Project, actor: User) -> Project:
    """Create or update a project; its developer must be a relation the actor can see."""
    _prepare_shared(record, actor)
    if record.developer_id is not None and not _visible(Relation, record.developer_id, actor):
        raise ValidationError({"developer": _("Choose a relation you can see as developer.")})
    record.search_text = build_search_text(record)
    record.sort_name = build_sort_name(record)
    record.full_clean(exclude=["office", "owner", "search_text", "sort_name"])
    record.save()
    return record


def _delete_files_on_commit(names: list[str | None]) -> None:
    def delete() -> None:
        storage = private_storage()
        for name in names:
            if name:
                storage.delete(name)

    transaction.on_commit(delete)


@transaction.atomic
def record_delete(*, record: Record, actor: User) -> None:
    """Delete a property (with its photos, files included, and links) or a project (its
    units stay, without project)."""
    record = _administered(record, actor)
    if isinstance(record, Property):
        names = []
        for image, thumbnail in record.photos.values_list("image", "thumbnail"):
            names += [image, thumbnail]
        _delete_files_on_commit(names)
    record.delete()


# --- photos ------------------------------------------------------------------------------------


@transaction.atomic
def photo_add(
    *, property: Property, actor: User, upload: UploadedFile[bytes], caption: str = ""
) -> PropertyPhoto:
    """Store a checked photo and its thumbnail; a refused file leaves no row and no file."""
    _require_visible(Property, property.pk, actor)
    checked = check_photo(upload)
    last = PropertyPhoto.objects.filter(property=property).aggregate(m=Max("position"))["m"]
    photo = PropertyPhoto(
        office_id=property.office_id,
        property=property,
        content_type=checked.content_type,
        width=checked.width,
        height=checked.height,
        position=0 if last is None else last + 1,
        caption=caption.strip(),
        uploaded_by=actor,
    )
    photo.full_clean(exclude=["image", "thumbnail"])
    stored: list[str] = []
    storage = private_storage()
    shown_name = upload.name or _("the photo")
    try:
        # save_file: a full disk is StorageFull and leaves no part of the file behind.
        for field_file, filename, content in (
            (photo.image, f"photo.{checked.extension}", upload),
            (photo.thumbnail, "thumb.jpg", ContentFile(checked.thumbnail)),
        ):
            wanted = field_file.field.generate_filename(photo, filename)
            saved = save_file(storage, wanted, content, display_name=shown_name)
            field_file.name = saved
            stored.append(saved)
        photo.save()
    except Exception:
        for saved in stored:
            storage.delete(saved)
        raise
    return photo


@transaction.atomic
def photo_delete(*, photo: PropertyPhoto, actor: User) -> None:
    _require_visible(Property, photo.property_id, actor)
    _delete_files_on_commit([photo.image.name, photo.thumbnail.name])
    photo.delete()


@transaction.atomic
def photo_move(*, photo: PropertyPhoto, actor: User, step: int) -> None:
    """Swap a photo with its neighbour (step -1: earlier, +1: later)."""
    _require_visible(Property, photo.property_id, actor)
    photos = list(PropertyPhoto.objects.filter(property_id=photo.property_id))
    index = next(i for i, p in enumerate(photos) if p.pk == photo.pk)
    other = index + step
    if not 0 <= other < len(photos):
        return
    photos[index], photos[other] = photos[other], photos[index]
    for position, item in enumerate(photos):
        if item.position != position:
            PropertyPhoto.objects.filter(pk=item.pk).update(position=position)


# --- project people ----------------------------------------------------------------------------


@transaction.atomic
def project_person_add(
    *, project: Project, contact: Contact, role: str, actor: User, note: str = ""
) -> ProjectPerson:
    _require_visible(Project, project.pk, actor)
    if not _visible(Contact, contact.pk, actor):
        raise ValidationError({"contact": _("Choose a contact you can see.")})
    if role not in ProjectRole.values:
        raise ValidationError({"role": _("Choose one of the roles.")})
    if ProjectPerson.objects.filter(project=project, contact=contact, role=role).exists():
        raise ValidationError({"contact": _("This contact already has this role here.")})
    check_room(
        "people_per_project",
        ProjectPerson.objects.filter(project=project),
        field="contact",
        lock=Project.objects.filter(pk=project.pk),
    )
    person = ProjectPerson(
        office_id=project.office_id, project=project, contact=contact, role=role, note=note
    )
    person.full_clean()
    person.save()
    return person


@transaction.atomic
def project_person_remove(*, person: ProjectPerson, actor: User) -> None:
    _require_visible(Project, person.project_id, actor)
    _require_visible(Contact, person.contact_id, actor)
    person.delete()


# --- links between people and properties --------------------------------------------------------


@transaction.atomic
def property_link_add(
    *,
    property: Property,
    actor: User,
    role: str,
    contact: Contact | None = None,
    relation: Relation | None = None,
    lead: Lead | None = None,
    start_date: datetime.date | None = None,
    end_date: datetime.date | None = None,
    note: str = "",
) -> PropertyLink:
    """Link a contact, a relation or a lead (exactly one) to a property in a role.

    Both ends must be visible to the actor; what they cannot see they cannot link.
    """
    require_staff(actor)
    errors: dict[str, str] = {}
    if not _visible(Property, property.pk, actor):
        errors["property"] = _("Choose a property you can see.")
    ends = {"contact": contact, "relation": relation, "lead": lead}
    given = {field: record for field, record in ends.items() if record is not None}
    if len(given) != 1:
        errors["contact"] = _("Choose one contact, relation or lead.")
    elif contact is not None and not _visible(Contact, contact.pk, actor):
        errors["contact"] = _("Choose a contact you can see.")
    elif relation is not None and not _visible(Relation, relation.pk, actor):
        errors["relation"] = _("Choose a relation you can see.")
    elif lead is not None and not _visible(Lead, lead.pk, actor):
        errors["lead"] = _("Choose a lead you can see.")
    if role not in LinkRole.values:
        errors["role"] = _("Choose one of the roles.")
    if errors:
        raise ValidationError(errors)
    same = PropertyLink.objects.filter(property=property, role=role, **given)
    if same.exists():
        raise ValidationError(
            {"role": _("Already linked to this property as %(role)s.")
             % {"role": LinkRole(role).label}}
        )  # fmt: skip
    check_room(
        "links_per_property",
        PropertyLink.objects.filter(property=property),
        field=next(iter(given)),
        lock=Property.objects.filter(pk=property.pk),
    )
    link = PropertyLink(
        office_id=property.office_id,
        property=property,
        contact=contact,
        relation=relation,
        lead=lead,
        role=role,
        start_date=start_date,
        end_date=end_date,
        note=note.strip(),
        created_by=actor,
    )
    link.full_clean(exclude=["created_by"])
    link.save()
    return link


@transaction.atomic
def property_link_remove(*, link: PropertyLink, actor: User) -> None:
    """Whoever sees both ends may remove a link."""
    _require_visible(Property, link.property_id, actor)
    if link.contact_id is not None:
        _require_visible(Contact, link.contact_id, actor)
    elif link.relation_id is not None:
        _require_visible(Relation, link.relation_id, actor)
    else:
        _require_visible(Lead, link.lead_id, actor)
    link.delete()


def lead_property_links_move(*, lead: Lead, contact: Contact, actor: User) -> None:
    """Conversion hook: a converted lead's property links belong to its contact from now on.

    Runs inside lead_convert's transaction (registered in `apps.py`). On a merge, a link the
    contact already has (same property and role) is not doubled: the lead's copy is dropped.
    """
    links = PropertyLink.objects.filter(office_id=lead.office_id, lead=lead)
    taken = PropertyLink.objects.filter(
        office_id=contact.office_id,
        contact=contact,
        property_id=OuterRef("property_id"),
        role=OuterRef("role"),
    )
    links.filter(Exists(taken)).delete()
    links.update(lead=None, contact=contact, updated_at=timezone.now())

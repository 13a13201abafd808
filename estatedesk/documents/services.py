"""Every write to documents: upload, delete, and what happens when their record goes or moves."""

from __future__ import annotations

import logging
from functools import partial
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from estatedesk.accounts.models import User
from estatedesk.core.permissions import require_staff
from estatedesk.core.storage import save_file

from .choices import DocumentKind
from .files import check_upload, private_storage, storage_path
from .models import Document
from .targets import is_target, visible_record

logger = logging.getLogger(__name__)


def _delete_files(names: list[str]) -> None:
    """Remove stored files; a file that cannot be removed is logged, never an error page."""
    storage = private_storage()
    for name in names:
        try:
            storage.delete(name)
        except OSError:
            logger.exception("Could not delete the stored document %s", name)


def delete_files_now(names: list[str]) -> None:
    """For a caller whose transaction is about to roll back the rows of these files."""
    _delete_files(names)


def delete_files_on_commit(names: list[str]) -> None:
    """After the rows are gone for good: a rolled-back delete must keep its files."""
    if names:
        transaction.on_commit(partial(_delete_files, list(names)))


def documents_of(record: Any) -> models.QuerySet[Document]:
    """The documents of a record (any allowlisted model), newest first."""
    return Document.objects.filter(
        office_id=record.office_id,
        content_type=ContentType.objects.get_for_model(record),
        object_id=record.pk,
    )


def can_delete(document: Document, record: Any, actor: User) -> bool:
    """The uploader, the record's owner, or an administrator of the office."""
    return actor.office_id == document.office_id and (
        document.uploaded_by_id == actor.pk
        or getattr(record, "owner_id", None) == actor.pk
        or actor.is_office_admin
    )


def document_upload(
    *, record: Any, actor: User, file: Any, kind: str = DocumentKind.OTHER, description: str = ""
) -> Document:
    """Store a file on a record the actor may see; all or nothing (no row, no file).

    Raises PermissionDenied if the record is not one the actor may see (views answer 404),
    ValidationError naming the field for a refused file, kind or description, and
    core.storage.StorageFull when the disk has no room (nothing of the file is left).
    """
    require_staff(actor)
    if not is_target(type(record)):
        raise PermissionDenied
    content_type = ContentType.objects.get_for_model(record)
    record = visible_record(content_type.pk, record.pk, actor)
    if record is None:
        raise PermissionDenied
    if kind not in DocumentKind.values:
        raise ValidationError({"kind": _("Choose what kind of document this is.")})
    description = (description or "").strip()
    if len(description) > 500:
        raise ValidationError({"description": _("Keep the description under 500 characters.")})
    name, mime = check_upload(file)

    storage = private_storage()
    stored = save_file(storage, storage_path(record.office_id, name), file, display_name=name)
    try:
        with transaction.atomic():
            document = Document(
                office_id=record.office_id,
                content_type=content_type,
                object_id=record.pk,
                file=stored,
                original_name=name,
                mime_type=mime,
                size=file.size,
                kind=kind,
                description=description,
                uploaded_by=actor,
            )
            document.save()
    except BaseException:
        # The row did not make it: the file must not stay behind, unreachable and unaccounted.
        _delete_files([stored])
        raise
    return document


@transaction.atomic
def document_delete(*, document: Document, actor: User) -> None:
    """The uploader, the record's owner or an office administrator removes a document.

    PermissionDenied if the actor may not see the record (views answer 404) or may see it but
    not delete this document. The stored file goes once the deletion is committed.
    """
    require_staff(actor)
    record = visible_record(document.content_type_id, document.object_id, actor)
    if record is None or document.office_id != actor.office_id:
        raise PermissionDenied
    if not can_delete(document, record, actor):
        raise PermissionDenied
    name = document.file
    document.delete()
    delete_files_on_commit([name])


def record_documents_delete(
    sender: type[models.Model], instance: models.Model, **kwargs: Any
) -> None:
    """post_delete receiver: a deleted record takes its documents (and, after commit, files)."""
    documents = Document.objects.filter(
        content_type=ContentType.objects.get_for_model(sender),
        object_id=instance.pk,
    )
    office_id = getattr(instance, "office_id", None)
    if office_id is not None:
        documents = documents.filter(office_id=office_id)
    names = list(documents.values_list("file", flat=True))
    if names:
        documents.delete()
        delete_files_on_commit(names)


def lead_documents_move(*, lead: Any, contact: Any, actor: User) -> None:
    """Conversion hook: a converted lead's documents belong to its contact from now on.

    Runs inside lead_convert's transaction. The files stay where they are: their path names
    the office, never the record.
    """
    documents_of(lead).update(
        content_type=ContentType.objects.get_for_model(contact),
        object_id=contact.pk,
        updated_at=timezone.now(),
    )

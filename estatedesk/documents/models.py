"""Documents uploaded to a record, stored privately and served only to who may see the record."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from estatedesk.core.models import OfficeOwnedModel

from .choices import DocumentKind


class Document(OfficeOwnedModel):
    """A file attached to a lead, contact, relation, property, project or deal.

    The file lives in the "private" storage (no public URL) under a random directory; it is
    served by `views.DocumentDownloadView` only to users who may see the record. `file` holds
    the storage name rather than being a FileField, so the storage is looked up when used
    (tests swap it) and the services decide exactly when files are written and removed.
    """

    content_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, related_name="+", verbose_name=_("record type")
    )
    object_id = models.PositiveBigIntegerField(_("record id"))
    record = GenericForeignKey("content_type", "object_id")
    file = models.CharField(_("stored file"), max_length=500, unique=True, editable=False)
    original_name = models.CharField(_("file name"), max_length=255)
    mime_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    kind = models.CharField(
        _("kind"), max_length=12, choices=DocumentKind.choices, default=DocumentKind.OTHER
    )
    description = models.CharField(_("description"), max_length=500, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)

    # Set on the documents the Documents tab lists (`selectors.record_documents`).
    user_can_delete: bool

    class Meta:
        ordering = ["-uploaded_at", "-pk"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        indexes = [
            models.Index(
                fields=["office", "content_type", "object_id", "uploaded_at"],
                name="document_record_idx",
            )
        ]
        constraints = [
            models.CheckConstraint(condition=~models.Q(file=""), name="document_has_file")
        ]

    def __str__(self) -> str:
        return self.original_name

    def get_absolute_url(self) -> str:
        return reverse("documents:download", args=[self.pk])

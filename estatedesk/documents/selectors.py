"""Reads for the Documents tab."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.urls import reverse

from estatedesk.accounts.models import User
from estatedesk.core.http import StaffRequest
from estatedesk.core.models import SharedRecord

from .files import ALLOWED_TYPES
from .forms import DocumentUploadForm
from .models import Document
from .services import can_delete, documents_of


def record_documents(record: Any, user: User) -> list[Document]:
    """A record's documents with their uploaders, in one query; `record` is one the user sees."""
    documents = list(documents_of(record).select_related("uploaded_by"))
    for document in documents:
        document.user_can_delete = can_delete(document, record, user)
    return documents


def documents_tab(request: StaffRequest, record: SharedRecord) -> dict[str, Any]:
    """Context of the Documents tab (registered in `apps.DocumentsConfig.ready`)."""
    return {
        "documents": record_documents(record, request.user),
        "document_form": DocumentUploadForm(),
        "document_upload_url": reverse(
            "documents:upload",
            args=[record._meta.app_label, record._meta.model_name, record.pk],
        ),
        "document_max_mb": settings.DOCUMENT_MAX_MB,
        "document_types": ", ".join(ext.lstrip(".") for ext in ALLOWED_TYPES),
    }

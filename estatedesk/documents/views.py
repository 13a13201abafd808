"""Upload, download and delete documents; every one checks the record through `visible_to`."""

from __future__ import annotations

import logging

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views import View

from estatedesk.core.html import error_sentence, sentence
from estatedesk.core.http import StaffRequest
from estatedesk.core.permissions import StaffRequiredMixin
from estatedesk.core.storage import StorageFull
from estatedesk.core.uploads import refused_upload

from . import services
from .files import private_storage
from .forms import DocumentUploadForm
from .models import Document
from .targets import target_model, visible_record

logger = logging.getLogger(__name__)


def _tab_url(record) -> str:
    url = record.get_absolute_url() if hasattr(record, "get_absolute_url") else "/"
    return f"{url}?tab=documents"


def _visible_document(request: StaffRequest, pk: int) -> tuple[Document, object]:
    """The document and its record, or 404: another office's, or a record the user cannot see."""
    document = get_object_or_404(Document, pk=pk, office_id=request.user.office_id)
    record = visible_record(document.content_type_id, document.object_id, request.user)
    if record is None:
        raise Http404
    return document, record


class DocumentUploadView(StaffRequiredMixin, View):
    def post(self, request: StaffRequest, app_label: str, model: str, pk: int) -> HttpResponse:
        model_class = target_model(f"{app_label}.{model}")
        if model_class is None:
            raise Http404
        record = get_object_or_404(model_class._default_manager.visible_to(request.user), pk=pk)
        form = DocumentUploadForm(request.POST, request.FILES)
        if (refused := refused_upload(request)) is not None:  # skipped as it streamed in
            messages.error(request, refused)
            return redirect(_tab_url(record))
        if not form.is_valid():
            errors = [
                f"{form.fields[f].label}: {' '.join(map(str, e))}" for f, e in form.errors.items()
            ]
            messages.error(request, " ".join(errors))
            return redirect(_tab_url(record))
        try:
            document = services.document_upload(
                record=record, actor=request.user, **form.cleaned_data
            )
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as exc:
            messages.error(request, error_sentence(exc))
        except StorageFull as exc:
            messages.error(request, str(exc.detail))
        else:
            messages.success(request, sentence(_("“%(name)s” was uploaded."), name=document))
        return redirect(_tab_url(record))


class DocumentDownloadView(StaffRequiredMixin, View):
    def get(self, request: StaffRequest, pk: int) -> FileResponse:
        document, _record = _visible_document(request, pk)
        try:
            handle = private_storage().open(document.file, "rb")
        except FileNotFoundError:
            raise Http404 from None
        response = FileResponse(
            handle,
            as_attachment=True,
            filename=document.original_name,
            content_type=document.mime_type,
        )
        logger.info(
            "Document %s downloaded by user %s (office %s)",
            document.pk,
            request.user.pk,
            document.office_id,
        )
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, no-store"
        response["Content-Security-Policy"] = "default-src 'none'; sandbox"
        return response


class DocumentDeleteView(StaffRequiredMixin, View):
    def post(self, request: StaffRequest, pk: int) -> HttpResponse:
        document, record = _visible_document(request, pk)
        name = str(document)
        services.document_delete(document=document, actor=request.user)  # 403 if not theirs
        messages.success(request, sentence(_("“%(name)s” was deleted."), name=name))
        return redirect(_tab_url(record))

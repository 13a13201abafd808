"""A property's photos: upload, stream from the private storage, delete, reorder."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from estatedesk.core.http import StaffRequest
from estatedesk.core.permissions import StaffRequiredMixin
from estatedesk.core.storage import StorageFull
from estatedesk.core.uploads import refused_upload
from estatedesk.core.views import RecordObjectMixin

from . import services
from .forms import PhotoForm
from .models import Property, PropertyPhoto, private_storage
from .views import form_errors, validation_message


class PhotoUploadView(RecordObjectMixin, View):
    model = Property

    def post(self, request: StaffRequest, pk: int) -> HttpResponse:
        prop = self.get_object()
        form = PhotoForm(request.POST, request.FILES)
        if (refused := refused_upload(request)) is not None:  # skipped as it streamed in
            messages.error(request, refused)
        elif not form.is_valid():
            messages.error(request, form_errors(form))
        else:
            try:
                services.photo_add(
                    property=prop,
                    actor=request.user,
                    upload=form.cleaned_data["image"],
                    caption=form.cleaned_data["caption"],
                )
            except ValidationError as exc:
                messages.error(request, validation_message(exc, {"image": _("Photo")}))
            except StorageFull as exc:
                messages.error(request, str(exc.detail))
            else:
                messages.success(request, _("Photo added."))
        return redirect(prop.get_absolute_url())


class PhotoMixin(StaffRequiredMixin):
    def get_photo(self) -> PropertyPhoto:
        """Through the property's visibility: a photo of a property the user may not see is
        a 404, like the property itself."""
        prop = get_object_or_404(
            Property.objects.visible_to(self.request.user), pk=self.kwargs["pk"]
        )
        return get_object_or_404(PropertyPhoto, pk=self.kwargs["photo_pk"], property=prop)


class PhotoFileView(PhotoMixin, View):
    """Streams a photo or its thumbnail from the private storage; there is no public URL."""

    thumbnail = False

    def get(self, request: StaffRequest, pk: int, photo_pk: int) -> FileResponse:
        photo = self.get_photo()
        file = photo.thumbnail if self.thumbnail else photo.image
        assert file.name is not None  # a stored row's file column is a string
        try:
            handle = private_storage().open(file.name, "rb")
        except FileNotFoundError:
            raise Http404 from None
        response = FileResponse(
            handle, content_type="image/jpeg" if self.thumbnail else photo.content_type
        )
        response["Cache-Control"] = "private, max-age=3600"
        response["X-Content-Type-Options"] = "nosniff"
        return response


class PhotoDeleteView(PhotoMixin, View):
    def post(self, request: StaffRequest, pk: int, photo_pk: int) -> HttpResponse:
        photo = self.get_photo()
        services.photo_delete(photo=photo, actor=request.user)
        messages.success(request, _("Photo deleted."))
        return redirect(reverse("properties:property_detail", args=[pk]))


class PhotoMoveView(PhotoMixin, View):
    def post(self, request: StaffRequest, pk: int, photo_pk: int) -> HttpResponse:
        photo = self.get_photo()
        step = -1 if request.POST.get("direction") == "up" else 1
        services.photo_move(photo=photo, actor=request.user, step=step)
        return redirect(reverse("properties:property_detail", args=[pk]))

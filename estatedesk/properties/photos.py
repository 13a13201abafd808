"""Checking an uploaded photo and making its thumbnail, before anything is stored."""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image, ImageOps

THUMBNAIL_SIZE = (320, 640)  # 320 px wide; a tall photo stops at 640 px high
ALLOWED_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}


@dataclass(frozen=True)
class CheckedPhoto:
    content_type: str
    extension: str
    width: int
    height: int
    thumbnail: bytes


def max_bytes() -> int:
    return settings.PHOTO_MAX_MB * 1024 * 1024


def check_photo(upload) -> CheckedPhoto:
    """Refuse what is too large or not an image (JPEG, PNG, WebP, GIF); make the thumbnail.

    Raises ValidationError on the `image` field. Nothing is written anywhere.
    """
    if upload.size > max_bytes():
        raise ValidationError(
            {
                "image": _("The photo is larger than %(max)s MB; choose a smaller one.")
                % {"max": settings.PHOTO_MAX_MB}
            }
        )
    not_an_image = ValidationError(
        {"image": _("This file is not a photo. Upload a JPEG, PNG, WebP or GIF image.")}
    )
    try:
        with warnings.catch_warnings():
            # A decompression bomb is refused like any other bad file.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            upload.seek(0)
            with Image.open(upload) as probe:
                image_format = probe.format
                probe.verify()
            upload.seek(0)
            with Image.open(upload) as image:
                image.load()
                width, height = image.size
                thumb = ImageOps.exif_transpose(image).convert("RGB")
                thumb.thumbnail(THUMBNAIL_SIZE)
                buffer = io.BytesIO()
                thumb.save(buffer, "JPEG", quality=82, optimize=True)
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError,
            Image.DecompressionBombWarning):  # fmt: skip
        raise not_an_image from None
    finally:
        upload.seek(0)
    if image_format not in ALLOWED_FORMATS:
        raise not_an_image
    return CheckedPhoto(
        content_type=Image.MIME[image_format],
        extension=ALLOWED_FORMATS[image_format],
        width=width,
        height=height,
        thumbnail=buffer.getvalue(),
    )

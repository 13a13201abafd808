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
# 50 megapixels: above any phone's or common camera's photo, and at most 200 MB decoded (RGBA).
# Pillow's own limit (89 MP, an error only at twice that) lets a 10 MB file hold far more.
MAX_PIXELS = 50_000_000


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

    Raises ValidationError on the `image` field. Nothing is written anywhere. The pixel count
    is read from the header and checked before anything is decoded: a small file of one colour
    can declare a picture that takes gigabytes to hold.
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
            # Pillow's own decompression-bomb check stays on as a second line.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            upload.seek(0)
            with Image.open(upload) as probe:
                image_format = probe.format
                if image_format not in ALLOWED_FORMATS:  # refused before anything is decoded
                    raise not_an_image
                width, height = probe.size
                if width * height > MAX_PIXELS:
                    raise _too_many_pixels(upload)
                probe.verify()
            upload.seek(0)
            with Image.open(upload) as image:
                thumbnail = _thumbnail(image)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _too_many_pixels(upload) from None  # past Pillow's limit, refused on opening
    except (OSError, SyntaxError, ValueError):
        raise not_an_image from None
    finally:
        upload.seek(0)
    return CheckedPhoto(
        content_type=Image.MIME[image_format],
        extension=ALLOWED_FORMATS[image_format],
        width=width,
        height=height,
        thumbnail=thumbnail,
    )


def _too_many_pixels(upload) -> ValidationError:
    return ValidationError(
        {
            "image": _("“%(name)s” has more than %(limit)s megapixels; choose a smaller photo.")
            % {"name": upload.name or _("The photo"), "limit": MAX_PIXELS // 1_000_000}
        }
    )


def _thumbnail(image: Image.Image) -> bytes:
    """The JPEG thumbnail, upright. `thumbnail()` first lets a JPEG decode at 1/2 to 1/8 of its
    size (Pillow's draft mode) and shrinks before the copies that turning and converting make."""
    side = max(THUMBNAIL_SIZE)
    image.thumbnail((side, side))
    thumb = ImageOps.exif_transpose(image).convert("RGB")
    thumb.thumbnail(THUMBNAIL_SIZE)
    buffer = io.BytesIO()
    thumb.save(buffer, "JPEG", quality=82, optimize=True)
    return buffer.getvalue()

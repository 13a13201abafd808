"""A photo's pixels are counted from its header before anything is decoded: a small file
declaring a huge picture is refused naming the limit."""

import io
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageFile

from estatedesk.properties.models import PropertyPhoto
from estatedesk.properties.photos import check_photo
from estatedesk.properties.tests.factories import PropertyFactory

from .test_property_photos import upload

pytestmark = pytest.mark.django_db


def png(size: tuple[int, int], mode: str = "1") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new(mode, size).save(buffer, "PNG")
    return SimpleUploadedFile("plan.png", buffer.getvalue(), content_type="image/png")


def test_a_60_megapixel_png_of_a_few_kilobytes_is_refused_naming_the_limit(as_alice, alice):
    prop = PropertyFactory(owner=alice)
    huge = png((10_000, 6_000))  # 7 KB on disk; 180 MB once decoded as RGB
    assert huge.size < 10_000

    response = upload(as_alice, prop, huge)

    assert "“plan.png” has more than 50 megapixels; choose a smaller photo." in (
        response.content.decode()
    )
    assert not PropertyPhoto.objects.exists()


def test_the_pixel_limit_is_checked_before_any_decoding():
    with (
        mock.patch.object(ImageFile.ImageFile, "load", side_effect=AssertionError("decoded")),
        pytest.raises(ValidationError, match="more than 50 megapixels"),
    ):
        check_photo(png((10_000, 6_000)))


def test_an_image_past_pillows_own_limit_gets_the_same_message(monkeypatch):
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1_000_000)  # refused on opening past 2 MP

    with pytest.raises(ValidationError, match="more than 50 megapixels"):
        check_photo(png((1_500, 1_500), mode="RGB"))


def test_the_thumbnail_of_a_turned_camera_photo_is_upright():
    # Stored 400 × 200 with EXIF orientation 6: the camera was held upright (turn 90°).
    buffer = io.BytesIO()
    exif = Image.Exif()
    exif[0x0112] = 6
    Image.new("RGB", (400, 200), (10, 200, 30)).save(buffer, "JPEG", exif=exif)

    checked = check_photo(SimpleUploadedFile("upright.jpg", buffer.getvalue()))

    assert (checked.width, checked.height) == (400, 200)
    assert Image.open(io.BytesIO(checked.thumbnail)).size == (200, 400)

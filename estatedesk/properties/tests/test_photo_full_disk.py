"""A disk that fills up while a photo or its thumbnail is written: a clear error, nothing kept."""

import io
import random
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from estatedesk.core.testing.disks import disk_full_after
from estatedesk.properties.models import PropertyPhoto
from estatedesk.properties.tests.factories import PropertyFactory

from .test_property_photos import stored_files, upload

pytestmark = pytest.mark.django_db


def noisy_png(side: int = 300) -> bytes:
    """A PNG that does not compress: some 270 KB, written in several chunks."""
    pixels = random.Random(17).randbytes(side * side * 3)
    buffer = io.BytesIO()
    Image.frombytes("RGB", (side, side), pixels).save(buffer, "PNG")
    return buffer.getvalue()


@pytest.mark.parametrize(
    "room",
    [64 * 1024, 290 * 1024],  # the photo fails partway; the photo fits, its thumbnail does not
    ids=["photo", "thumbnail"],
)
def test_a_full_disk_during_a_photo_upload_is_a_clear_error_leaving_nothing(as_alice, alice, room):
    prop = PropertyFactory(owner=alice)
    before = stored_files()
    content = noisy_png()
    assert 64 * 1024 < len(content) < 290 * 1024

    private_root = Path(settings.STORAGES["private"]["OPTIONS"]["location"])
    with disk_full_after(room, under=private_root) as filled:
        response = upload(as_alice, prop, SimpleUploadedFile("garden.png", content))

    assert filled
    assert response.status_code == 200
    assert (
        "The server has no room to store “garden.png”; nothing was saved."
        in response.content.decode()
    )
    assert not PropertyPhoto.objects.exists()
    assert stored_files() == before

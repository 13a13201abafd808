"""Photos: checked before anything is stored, a thumbnail made at upload, served only through
a view that checks the property's visibility."""

import io
import os

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from PIL import Image

from estatedesk.core.choices import Visibility
from estatedesk.properties import services
from estatedesk.properties.models import PropertyPhoto
from estatedesk.properties.tests.factories import PropertyFactory, image_upload

pytestmark = pytest.mark.django_db


def stored_files() -> set[str]:
    root = settings.STORAGES["private"]["OPTIONS"]["location"]
    found = set()
    for folder, _dirs, files in os.walk(root):
        found.update(os.path.join(folder, f) for f in files)
    return found


def upload(client, prop, file, caption=""):
    return client.post(
        reverse("properties:photo_upload", args=[prop.pk]),
        {"image": file, "caption": caption},
        follow=True,
    )


def test_upload_stores_the_photo_and_a_320px_jpeg_thumbnail(as_alice, alice):
    prop = PropertyFactory(owner=alice)
    before = stored_files()

    response = upload(as_alice, prop, image_upload(size=(1600, 1200)), caption="Living room")

    assert "Photo added." in response.content.decode()
    photo = PropertyPhoto.objects.get()
    assert (photo.width, photo.height, photo.caption) == (1600, 1200, "Living room")
    assert photo.content_type == "image/png"
    assert len(stored_files() - before) == 2
    thumb = as_alice.get(reverse("properties:photo_thumbnail", args=[prop.pk, photo.pk]))
    assert thumb["Content-Type"] == "image/jpeg"
    image = Image.open(io.BytesIO(b"".join(thumb.streaming_content)))
    assert (image.format, image.size) == ("JPEG", (320, 240))
    full = as_alice.get(reverse("properties:photo_file", args=[prop.pk, photo.pk]))
    assert full["Content-Type"] == "image/png"
    assert Image.open(io.BytesIO(b"".join(full.streaming_content))).size == (1600, 1200)


def test_detail_page_shows_the_gallery_through_the_checking_view(as_alice, alice):
    prop = PropertyFactory(owner=alice)
    photo = services.photo_add(property=prop, actor=alice, upload=image_upload())
    html = as_alice.get(prop.get_absolute_url()).content.decode()
    assert reverse("properties:photo_thumbnail", args=[prop.pk, photo.pk]) in html
    # The storage has no public URL: no media path of the file is ever in the page.
    assert photo.image.name not in html


@override_settings(PHOTO_MAX_MB=1)
def test_oversize_photo_is_refused_with_a_message_and_nothing_stored(as_alice, alice):
    prop = PropertyFactory(owner=alice)
    before = stored_files()
    big = SimpleUploadedFile("big.jpg", b"\xff" * (1024 * 1024 + 1), content_type="image/jpeg")

    response = upload(as_alice, prop, big)

    assert "The photo is larger than 1 MB; choose a smaller one." in response.content.decode()
    assert not PropertyPhoto.objects.exists()
    assert stored_files() == before


def test_non_image_is_refused_with_a_message_and_nothing_stored(as_alice, alice):
    prop = PropertyFactory(owner=alice)
    before = stored_files()
    fake = SimpleUploadedFile("photo.jpg", b"%PDF-1.7 not a photo", content_type="image/jpeg")

    response = upload(as_alice, prop, fake)

    assert "This file is not a photo. Upload a JPEG, PNG, WebP or GIF image." in (
        response.content.decode()
    )
    assert not PropertyPhoto.objects.exists()
    assert stored_files() == before


def test_truncated_image_is_refused(alice):
    prop = PropertyFactory(owner=alice)
    whole = image_upload(fmt="JPEG", size=(800, 600)).read()
    broken = SimpleUploadedFile("cut.jpg", whole[: len(whole) // 3], content_type="image/jpeg")
    with pytest.raises(services.ValidationError) as exc:
        services.photo_add(property=prop, actor=alice, upload=broken)
    assert list(exc.value.message_dict) == ["image"]
    assert not PropertyPhoto.objects.exists()


def test_photos_keep_their_order_and_move(as_alice, alice):
    prop = PropertyFactory(owner=alice)
    *_earlier, third = (
        services.photo_add(property=prop, actor=alice, upload=image_upload(), caption=c)
        for c in ("first", "second", "third")
    )
    assert [p.caption for p in prop.photos.all()] == ["first", "second", "third"]
    as_alice.post(reverse("properties:photo_move", args=[prop.pk, third.pk]), {"direction": "up"})
    assert [p.caption for p in prop.photos.all()] == ["first", "third", "second"]


def test_deleting_a_photo_deletes_its_files(as_alice, alice, django_capture_on_commit_callbacks):
    prop = PropertyFactory(owner=alice)
    before = stored_files()
    photo = services.photo_add(property=prop, actor=alice, upload=image_upload())
    assert len(stored_files() - before) == 2

    with django_capture_on_commit_callbacks(execute=True):
        as_alice.post(reverse("properties:photo_delete", args=[prop.pk, photo.pk]))

    assert not PropertyPhoto.objects.exists()
    assert stored_files() == before


def test_photo_of_another_property_is_a_404(as_alice, alice):
    prop = PropertyFactory(owner=alice)
    other = PropertyFactory(owner=alice)
    photo = services.photo_add(property=other, actor=alice, upload=image_upload())
    url = reverse("properties:photo_file", args=[prop.pk, photo.pk])
    assert as_alice.get(url).status_code == 404


def test_personal_propertys_photo_is_a_404_for_a_colleague(as_bob, alice):
    prop = PropertyFactory(owner=alice, visibility=Visibility.PERSONAL)
    photo = services.photo_add(property=prop, actor=alice, upload=image_upload())
    for name in ("properties:photo_file", "properties:photo_thumbnail"):
        assert as_bob.get(reverse(name, args=[prop.pk, photo.pk])).status_code == 404

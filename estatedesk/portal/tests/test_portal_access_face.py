"""The portal's face: the office's name, logo and colour, the contact's language, a frame
that names only the pages that exist, and the administrator's settings for it."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from estatedesk.portal.views.access import url_or_none
from estatedesk.properties.tests.factories import image_upload

pytestmark = pytest.mark.django_db

PAGE = "portal:switch"


def test_the_frame_shows_the_offices_name_and_the_account_menu(as_ann, ann):
    page = as_ann.get(reverse(PAGE)).content.decode()

    assert ann.office.name in page
    assert reverse("portal:password_change") in page
    assert reverse("portal:logout") in page
    assert reverse("portal:brand_css") in page
    # one access only: nothing to switch to
    assert f'href="{reverse("portal:switch")}"' not in page


def test_the_frame_links_only_pages_that_exist(as_ann):
    page = as_ann.get(reverse(PAGE)).content.decode()

    for name in ("portal:offer_list", "portal:viewing_list"):
        url = url_or_none(name)
        if url is not None:
            assert f'href="{url}"' in page


def test_the_brand_colour_is_a_style_sheet_of_the_clients_office(as_ann, ann):
    ann.office.brand_colour = "#AA3300"
    ann.office.save()

    response = as_ann.get(reverse("portal:brand_css"))

    assert response["Content-Type"].startswith("text/css")
    assert response.content.decode().strip() == ":root { --portal-brand: #aa3300; }"
    assert "max-age" in response["Cache-Control"]


def test_a_colour_that_is_not_one_never_reaches_the_style_sheet(as_ann, ann):
    type(ann.office).objects.filter(pk=ann.office_id).update(
        brand_colour="red;}*{"
    )  # 7 characters, as the column allows

    body = as_ann.get(reverse("portal:brand_css")).content.decode()

    assert "red" not in body
    assert "#0f5b78" in body


def test_the_logo_is_the_clients_offices_only(as_ann, ann, cleo, settings, tmp_path):
    settings.STORAGES = {**settings.STORAGES,
                         "default": {"BACKEND": "django.core.files.storage.FileSystemStorage",
                                     "OPTIONS": {"location": tmp_path}}}  # fmt: skip
    ann.office.logo.save("ams.png", image_upload(color=(1, 2, 3)))
    cleo.office.logo.save("rdam.png", image_upload(color=(9, 9, 9)))
    mine = ann.office.logo.open("rb").read()
    as_cleo = Client()
    as_cleo.force_login(cleo.user)

    response = as_ann.get(reverse("portal:office_logo"))
    theirs = as_cleo.get(reverse("portal:office_logo"))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == mine
    assert b"".join(theirs.streaming_content) != mine
    page = as_ann.get(reverse(PAGE)).content.decode()
    assert reverse("portal:office_logo") in page


def test_no_logo_is_a_404(as_ann):
    assert as_ann.get(reverse("portal:office_logo")).status_code == 404


def test_pages_speak_the_contacts_language(as_ann, ann):
    ann.contact.language = "nl"
    ann.contact.save()

    response = as_ann.get(reverse(PAGE))

    with translation.override("nl"):
        expected = translation.gettext("Change password")
    assert response["Content-Language"] == "nl"
    assert expected in response.content.decode()


def test_else_the_offices_language(as_ann, ann):
    ann.office.language = "de"
    ann.office.save()

    assert as_ann.get(reverse(PAGE))["Content-Language"] == "de"


def test_the_login_page_works_without_an_office(client):
    response = client.get(reverse("portal:login"))

    assert response.status_code == 200
    assert 'name="username"' in response.content.decode()


def test_an_administrator_sets_the_logo_and_colour(as_admin, office, settings, tmp_path):
    settings.STORAGES = {**settings.STORAGES,
                         "default": {"BACKEND": "django.core.files.storage.FileSystemStorage",
                                     "OPTIONS": {"location": tmp_path}}}  # fmt: skip
    data = {"name": office.name, "country": office.country, "phone_region": office.phone_region,
            "currency": office.currency, "timezone": office.timezone,
            "language": office.language, "brand_colour": "#123456",
            "logo": image_upload("logo.png")}  # fmt: skip

    response = as_admin.post(reverse("setup:office"), data)

    assert response.status_code == 302
    office.refresh_from_db()
    assert office.brand_colour == "#123456"
    assert office.logo.name.endswith(".png")

    # a later save without a new upload keeps the logo
    data.pop("logo")
    as_admin.post(reverse("setup:office"), data)
    office.refresh_from_db()
    assert office.logo


def test_an_administrator_cannot_set_a_colour_that_is_not_one(as_admin, office):
    data = {"name": office.name, "country": office.country, "phone_region": office.phone_region,
            "currency": office.currency, "timezone": office.timezone,
            "language": office.language, "brand_colour": "red"}  # fmt: skip

    response = as_admin.post(reverse("setup:office"), data)

    assert response.status_code == 422
    office.refresh_from_db()
    assert office.brand_colour == "#0f5b78"


def test_the_frame_costs_the_same_queries_whatever_the_accesses(as_ann, ann, carol):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from estatedesk.contacts.tests.factories import ContactFactory
    from estatedesk.portal.tests.factories import PortalAccessFactory

    url = reverse("portal:password_change")
    as_ann.get(url)
    with CaptureQueriesContext(connection) as one:
        as_ann.get(url)
    for _ in range(4):
        PortalAccessFactory(contact=ContactFactory(owner=carol), user=ann.user)

    with CaptureQueriesContext(connection) as five:
        page = as_ann.get(url)

    assert len(five) == len(one)
    assert f'href="{reverse("portal:switch")}"' in page.content.decode()

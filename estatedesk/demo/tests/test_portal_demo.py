"""The demo office's client portal: a buyer and a seller who log in at /portal/login/, and
`load_demo` prints their logins with the staff ones."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from estatedesk.demo import office as demo
from estatedesk.demo import portal as portal_demo
from estatedesk.portal.models import PortalAccess
from estatedesk.properties.choices import LinkRole, ListingKind
from estatedesk.properties.models import PropertyLink
from estatedesk.properties.tests.factories import PropertyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded(office, admin, alice, bob):
    listing = PropertyFactory(office=office, owner=alice, listing_kind=ListingKind.SALE)
    portal_demo.load(office=office, users=[admin, alice, bob], password=demo.PASSWORD)
    return listing


@pytest.mark.parametrize("email", [email for email, _role in portal_demo.PORTAL_LOGINS])
def test_each_demo_portal_client_logs_in_to_the_portal(loaded, email):
    client = Client()

    response = client.post(reverse("portal:login"),
                           {"username": email, "password": demo.PASSWORD})  # fmt: skip

    assert response.status_code == 302
    assert client.get(reverse("portal:switch")).status_code == 200


def test_the_demo_seller_is_the_seller_of_a_listing(loaded):
    access = PortalAccess.objects.get(email=portal_demo.SELLER_EMAIL)

    assert PropertyLink.objects.filter(
        contact=access.contact, property=loaded, role=LinkRole.SELLER
    ).exists()


def test_load_demo_prints_the_portal_logins(monkeypatch, db):
    monkeypatch.setattr(demo, "load", lambda seed: "")
    out = StringIO()

    call_command("load_demo", stdout=out)

    for email, _role in portal_demo.PORTAL_LOGINS:
        assert email in out.getvalue()
    assert "/portal/login/" in out.getvalue()

"""An agent invites a contact from its Portal tab; the e-mailed link is single-use, expires,
and lets the client set a password, accept the terms and enter."""

import re
import time

import pytest
from django.core import mail, signing
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from estatedesk.accounts.choices import Role
from estatedesk.accounts.models import User
from estatedesk.activities.models import Activity
from estatedesk.contacts.tests.factories import ContactFactory
from estatedesk.core import events
from estatedesk.core.choices import Visibility
from estatedesk.portal.choices import AccessStatus
from estatedesk.portal.models import PortalAccess
from estatedesk.portal.services import access as services
from estatedesk.portal.views.base import SESSION_ACCESS_KEY

pytestmark = pytest.mark.django_db

BASE = "https://portal.example.org"
NEW_PASSWORD = "a-long-client-password"


@pytest.fixture
def dora(alice):
    """A contact of Alice's with two addresses, not invited yet."""
    return ContactFactory(owner=alice, first_name="Dora", last_name="Buyer",
                          emails=["dora@example.net", "dora.work@example.org"],
                          visibility=Visibility.OFFICE)  # fmt: skip


def invite(as_alice, contact, email):
    return as_alice.post(reverse("portal_staff:access_invite", args=[contact.pk]),
                         {"email": email})  # fmt: skip


def link_in(message) -> str:
    return re.search(r"https?://\S+", message.body).group(0)


def path_of(link: str) -> str:
    return link.removeprefix(BASE)


@override_settings(ESTATEDESK_BASE_URL=BASE)
def test_an_agent_invites_a_contact_at_one_of_its_addresses(
    as_alice, dora, django_capture_on_commit_callbacks
):
    # when Alice invites Dora at her work address from the Portal tab
    with django_capture_on_commit_callbacks(execute=True):
        response = invite(as_alice, dora, "dora.work@example.org")

    # then Dora has a pending access through a new client login, and an e-mail with the link
    assert response["Location"] == f"{dora.get_absolute_url()}?tab=portal"
    access = PortalAccess.objects.get(contact=dora)
    assert access.status == AccessStatus.INVITED
    assert access.user.role == Role.CLIENT
    assert access.user.office_id is None
    assert not access.user.has_usable_password()
    assert [m.to for m in mail.outbox] == [["dora.work@example.org"]]
    assert link_in(mail.outbox[0]).startswith(f"{BASE}/portal/accept/")
    # and the invitation is a portal activity on her timeline
    assert Activity.objects.filter(links__contact=dora, kind="portal").count() == 1


def test_the_portal_tab_shows_the_access(as_alice, dora):
    invite(as_alice, dora, "dora@example.net")

    page = as_alice.get(f"{dora.get_absolute_url()}?tab=portal").content.decode()

    assert "dora@example.net" in page
    assert "Invited" in page
    assert reverse("portal_staff:access_resend", args=[dora.pk]) in page
    assert "Invited to the client portal" in page
    # the offers panel below brings its own heading: the tab does not repeat it
    assert page.count("Offered properties</h3>") == 1


def test_an_address_not_of_the_contact_is_refused(alice, dora):
    with pytest.raises(ValidationError) as refused:
        services.portal_invite(contact=dora, email="someone@example.net", actor=alice)

    assert "email" in refused.value.message_dict
    assert not PortalAccess.objects.exists()


def test_an_address_of_a_staff_login_is_refused(alice, bob):
    contact = ContactFactory(owner=alice, emails=["bob@example.com"])

    with pytest.raises(ValidationError) as refused:
        services.portal_invite(contact=contact, email="bob@example.com", actor=alice)

    assert "staff" in refused.value.message_dict["email"][0]
    bob.refresh_from_db()
    assert bob.role == Role.AGENT


def test_one_login_serves_every_contact_invited_at_the_same_address(alice, carol):
    mine = ContactFactory(owner=alice, emails=["eve@example.net"])
    theirs = ContactFactory(owner=carol, emails=["eve@example.net"])

    first = services.portal_invite(contact=mine, email="eve@example.net", actor=alice)
    second = services.portal_invite(contact=theirs, email="EVE@example.net", actor=carol)

    assert first.user_id == second.user_id
    assert User.objects.filter(email="eve@example.net").count() == 1


def test_an_agent_of_another_office_cannot_invite(as_carol, dora):
    response = invite(as_carol, dora, "dora@example.net")

    assert response.status_code == 404
    assert not PortalAccess.objects.exists()


@pytest.mark.parametrize(("contact_language", "office_language", "expected"),
                         [("nl", "en", "nl"), ("", "de", "de"), ("xx", "fr", "fr")])  # fmt: skip
def test_the_email_is_written_in_the_contacts_language_else_the_offices(
    alice, monkeypatch, django_capture_on_commit_callbacks,
    contact_language, office_language, expected,
):  # fmt: skip
    alice.office.language = office_language
    alice.office.save()
    contact = ContactFactory(owner=alice, emails=["c@example.net"], language=contact_language)
    rendered_in = []
    real_render = services.render_to_string

    def render(*args, **kwargs):
        rendered_in.append(translation.get_language())
        return real_render(*args, **kwargs)

    monkeypatch.setattr(services, "render_to_string", render)

    with django_capture_on_commit_callbacks(execute=True):
        services.portal_invite(contact=contact, email="c@example.net", actor=alice)

    assert rendered_in == [expected, expected]  # subject and body
    assert len(mail.outbox) == 1


def test_an_invited_login_is_never_staff_nor_admin(alice, dora):
    access = services.portal_invite(contact=dora, email="dora@example.net", actor=alice)

    assert access.user.is_portal_client
    assert not access.user.is_staff_member
    assert not access.user.is_staff
    assert not access.user.is_superuser


@override_settings(ESTATEDESK_BASE_URL=BASE)
def test_the_client_accepts_sets_a_password_and_is_in(
    client, alice, dora, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        access = services.portal_invite(contact=dora, email="dora@example.net", actor=alice)
    url = path_of(link_in(mail.outbox[0]))

    # given the accept page asks for a password and the terms
    page = client.get(url)
    assert page.status_code == 200
    assert 'name="password"' in page.content.decode()
    assert 'name="terms"' in page.content.decode()

    # when the terms are not accepted, nothing happens
    refused = client.post(url, {"password": NEW_PASSWORD, "password_again": NEW_PASSWORD})
    assert refused.status_code == 422

    # when she accepts
    response = client.post(url, {"password": NEW_PASSWORD, "password_again": NEW_PASSWORD,
                                 "terms": "on"})  # fmt: skip

    # then she is logged in to the portal, acting for Dora
    assert response["Location"] == reverse("portal:home")
    assert client.session[SESSION_ACCESS_KEY] == access.pk
    access.refresh_from_db()
    assert access.status == AccessStatus.ACTIVE
    assert access.accepted_at is not None
    assert access.terms_accepted_at is not None
    assert access.last_login_at is not None
    assert access.user.check_password(NEW_PASSWORD)
    assert Activity.objects.filter(links__contact=dora, kind="portal").count() == 2


def test_a_weak_password_is_refused_with_the_validators_message(client, alice, dora):
    access = services.portal_invite(contact=dora, email="dora@example.net", actor=alice)
    url = reverse("portal:accept", args=[services.invitation_token(access)])

    response = client.post(url, {"password": "123", "password_again": "123", "terms": "on"})

    assert response.status_code == 422
    assert response.context["form"].errors["password"]
    access.refresh_from_db()
    assert access.status == AccessStatus.INVITED


def test_the_link_works_once(client, alice, dora):
    access = services.portal_invite(contact=dora, email="dora@example.net", actor=alice)
    url = reverse("portal:accept", args=[services.invitation_token(access)])
    client.post(url, {"password": NEW_PASSWORD, "password_again": NEW_PASSWORD, "terms": "on"})

    again = client.get(url)

    assert again.status_code == 410
    assert "cannot be used any more" in again.content.decode()


def test_resending_kills_the_previous_link(as_alice, client, alice, dora):
    access = services.portal_invite(contact=dora, email="dora@example.net", actor=alice)
    old = reverse("portal:accept", args=[services.invitation_token(access)])

    as_alice.post(reverse("portal_staff:access_resend", args=[dora.pk]))

    access.refresh_from_db()
    new = reverse("portal:accept", args=[services.invitation_token(access)])
    assert client.get(old).status_code == 410
    assert client.get(new).status_code == 200


def test_an_expired_link_says_so(client, alice, dora, monkeypatch):
    access = services.portal_invite(contact=dora, email="dora@example.net", actor=alice)
    url = reverse("portal:accept", args=[services.invitation_token(access)])
    real_time = time.time
    monkeypatch.setattr(signing.time, "time", lambda: real_time() + 8 * 24 * 3600)

    response = client.get(url)

    assert response.status_code == 410
    assert "expired" in response.content.decode()


def test_a_forged_link_says_so(client, alice, dora):
    access = services.portal_invite(contact=dora, email="dora@example.net", actor=alice)
    forged = signing.dumps({"a": access.pk, "n": access.invitation_nonce}, salt="another-salt")

    response = client.get(reverse("portal:accept", args=[forged]))

    assert response.status_code == 404
    assert "not a valid invitation link" in response.content.decode()


def test_a_login_that_has_a_password_only_accepts_the_terms(client, ann, alice):
    # given Ann's login (with a password) is invited for a second contact
    ann.user.set_password(NEW_PASSWORD)
    ann.user.save()
    other = ContactFactory(owner=alice, emails=["ann@example.net"])
    access = services.portal_invite(contact=other, email="ann@example.net", actor=alice)
    url = reverse("portal:accept", args=[services.invitation_token(access)])

    assert 'name="password"' not in client.get(url).content.decode()
    response = client.post(url, {"terms": "on"})

    assert response.status_code == 302
    ann.user.refresh_from_db()
    assert ann.user.check_password(NEW_PASSWORD)


def test_disable_and_enable_from_the_tab(as_alice, ann, django_capture_on_commit_callbacks):
    seen = []

    def listen(event, *, office_id, payload, event_id):
        seen.append(payload["change"])

    events.subscribe(events.PORTAL_ACCESS_CHANGED, listen)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            as_alice.post(reverse("portal_staff:access_disable", args=[ann.contact.pk]))
            ann.refresh_from_db()
            assert ann.status == AccessStatus.DISABLED
            as_alice.post(reverse("portal_staff:access_enable", args=[ann.contact.pk]))
    finally:
        events.unsubscribe(events.PORTAL_ACCESS_CHANGED, listen)

    ann.refresh_from_db()
    assert ann.status == AccessStatus.ACTIVE  # she had accepted before: no new invitation
    assert seen == ["disabled", "enabled"]
    assert mail.outbox == []


def test_sharing_with_a_partner_is_toggled_from_the_tab(as_alice, ann):
    as_alice.post(reverse("portal_staff:access_household", args=[ann.contact.pk]), {"share": "on"})
    ann.refresh_from_db()
    assert ann.share_household is True

    as_alice.post(reverse("portal_staff:access_household", args=[ann.contact.pk]), {"share": ""})
    ann.refresh_from_db()
    assert ann.share_household is False


def test_the_tab_keeps_to_a_few_queries(as_alice, ann, django_assert_max_num_queries):
    url = f"{ann.contact.get_absolute_url()}?tab=portal"
    as_alice.get(url)

    with django_assert_max_num_queries(25):
        response = as_alice.get(url, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="tab-panel")

    assert response.status_code == 200

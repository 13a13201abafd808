"""Setup › Users: inviting, roles, deactivating, handing over a departing agent's records."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from estatedesk.accounts.choices import Role
from estatedesk.accounts.models import User
from estatedesk.accounts.tests.factories import UserFactory
from estatedesk.contacts.models import Contact, Lead, Relation
from estatedesk.contacts.tests.factories import ContactFactory, LeadFactory, RelationFactory
from estatedesk.core.choices import Visibility

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Harbour-lights-2031"


def test_user_list_shows_the_offices_users_with_role_and_state(as_admin, alice, bob, carol):
    bob.is_active = False
    bob.save()
    html = as_admin.get(reverse("setup:users")).content.decode()
    assert "Alice Agent" in html
    assert "alice@example.com" in html
    assert "Office administrator" in html
    row = html[html.index(f'id="user-{bob.pk}"') :].split("</tr>")[0]
    assert "inactive" in row
    assert carol.email not in html


def test_invite_sends_one_email_whose_link_lets_the_new_user_log_in(
    as_admin, office, mailoutbox, django_capture_on_commit_callbacks
):
    # Given an administrator who invites a new agent
    with django_capture_on_commit_callbacks(execute=True):
        response = as_admin.post(
            reverse("setup:user_invite"),
            {"email": "Nina.New@Example.com", "full_name": "Nina New", "role": Role.AGENT},
        )
    assert response.status_code == 302
    user = User.objects.get(email="nina.new@example.com")
    assert (user.office, user.role, user.full_name) == (office, Role.AGENT, "Nina New")

    # Then one e-mail goes to her, with a link to choose a password
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["nina.new@example.com"]
    assert "Amsterdam Homes" in mailoutbox[0].subject
    # (on the configured site address, not the Host the administrator's request named)
    link = re.search(r"http://127\.0\.0\.1:8000(/accounts/reset/\S+/)", mailoutbox[0].body).group(1)

    # When she follows it and chooses a password
    nina = Client()
    form_page = nina.get(link, follow=True)
    assert form_page.context["validlink"]
    set_password_url = form_page.redirect_chain[-1][0]
    response = nina.post(
        set_password_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert response.status_code == 302

    # Then she can log in with it, and the link does not work a second time
    response = nina.post(
        reverse("accounts:login"), {"username": "nina.new@example.com", "password": NEW_PASSWORD}
    )
    assert response.status_code == 302
    assert nina.get(reverse("contacts:contact_list")).status_code == 200
    assert not Client().get(link, follow=True).context["validlink"]


def test_invite_sends_nothing_until_committed(as_admin, mailoutbox):
    as_admin.post(
        reverse("setup:user_invite"),
        {"email": "late@example.com", "full_name": "Late Mail", "role": Role.AGENT},
    )
    assert User.objects.filter(email="late@example.com").exists()
    assert mailoutbox == []


def test_duplicate_invite_email_gets_a_message_on_the_email_field_and_creates_nothing(
    as_admin, alice, mailoutbox, django_capture_on_commit_callbacks
):
    users_before = User.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        response = as_admin.post(
            reverse("setup:user_invite"),
            {"email": "ALICE@example.com", "full_name": "Alice Again", "role": Role.AGENT},
        )
    assert response.status_code == 422
    message = "A user with this e-mail address already exists."
    assert response.context["form"].errors["email"] == [message]
    html = response.content.decode()
    field_block = html[html.index('id="field-email"') :].split('id="field-full_name"')[0]
    assert message in field_block
    assert User.objects.count() == users_before
    assert mailoutbox == []


def test_invite_can_make_an_administrator(as_admin, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        as_admin.post(
            reverse("setup:user_invite"),
            {"email": "boss@example.com", "full_name": "Second Boss", "role": Role.ADMIN},
        )
    assert User.objects.get(email="boss@example.com").is_office_admin


def test_admin_changes_an_agents_role_and_the_new_admin_can_open_setup(as_admin, as_alice, alice):
    assert as_alice.get(reverse("setup:index")).status_code == 404
    response = as_admin.post(reverse("setup:user_role", args=[alice.pk]), {"role": Role.ADMIN})
    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.role == Role.ADMIN
    assert as_alice.get(reverse("setup:index")).status_code == 200


def test_admin_cannot_take_away_their_own_admin_role(as_admin, admin):
    response = as_admin.post(reverse("setup:user_role", args=[admin.pk]), {"role": Role.AGENT})
    assert response.status_code == 422
    assert response.context["role_form"].errors["role"] == [
        "You cannot take away your own administrator role."
    ]
    admin.refresh_from_db()
    assert admin.role == Role.ADMIN


def test_admin_deactivates_and_reactivates_a_user(as_admin, alice):
    url = reverse("setup:user_active", args=[alice.pk])
    response = as_admin.post(url, {"active": "0"}, follow=True)
    alice.refresh_from_db()
    assert not alice.is_active
    assert "was deactivated" in response.content.decode()
    assert not Client().login(username="alice@example.com", password="secret-pass-123")

    as_admin.post(url, {"active": "1"})
    alice.refresh_from_db()
    assert alice.is_active
    assert Client().login(username="alice@example.com", password="secret-pass-123")


def test_admin_cannot_deactivate_themselves(as_admin, admin):
    response = as_admin.post(reverse("setup:user_active", args=[admin.pk]), {"active": "0"})
    assert response.status_code == 422
    assert "You cannot deactivate yourself." in response.content.decode()
    admin.refresh_from_db()
    assert admin.is_active


# --- handover ---------------------------------------------------------------------------------


@pytest.fixture
def alices_records(alice):
    return [
        ContactFactory(owner=alice, visibility=Visibility.PERSONAL, last_name="Private"),
        ContactFactory(owner=alice, visibility=Visibility.OFFICE, last_name="Shared"),
        LeadFactory(owner=alice, visibility=Visibility.PERSONAL),
        RelationFactory(owner=alice, visibility=Visibility.PERSONAL),
    ]


def test_handover_moves_alices_personal_and_office_records_to_bob(
    as_admin, as_bob, alice, bob, alices_records
):
    # Given records of Alice, some personal, that Bob cannot see
    personal = [r for r in alices_records if r.visibility == Visibility.PERSONAL]
    assert all(as_bob.get(r.get_absolute_url()).status_code == 404 for r in personal)

    # When the administrator hands them over to Bob
    response = as_admin.post(
        reverse("setup:user_handover", args=[alice.pk]), {"to_user": bob.pk}, follow=True
    )

    # Then the page says how many moved
    html = response.content.decode()
    assert "Handed over from <bdi>Alice Agent</bdi> to <bdi>Bob Agent</bdi>" in html
    assert "leads: 1" in html
    assert "contacts: 2" in html
    assert "relations: 1" in html
    # And Bob owns and sees them all, personal ones still personal
    for record in alices_records:
        record.refresh_from_db()
        assert record.owner == bob
        assert as_bob.get(record.get_absolute_url()).status_code == 200
    assert {r.visibility for r in personal} == {Visibility.PERSONAL}
    listing = as_bob.get(reverse("contacts:contact_list")).content.decode()
    assert "Private" in listing
    assert not Contact.objects.filter(owner=alice).exists()
    assert not Lead.objects.filter(owner=alice).exists()
    assert not Relation.objects.filter(owner=alice).exists()


def test_handover_page_offers_only_other_active_users_of_the_office(
    as_admin, alice, bob, carol, office
):
    gone = UserFactory(office=office, full_name="Gone Agent", is_active=False)
    choices = as_admin.get(reverse("setup:user_handover", args=[alice.pk])).context["form"]
    offered = set(choices.fields["to_user"].queryset)
    assert bob in offered
    assert alice not in offered
    assert gone not in offered
    assert carol not in offered


@pytest.mark.parametrize("target", ["carol", "inactive", "self"])
def test_handover_to_a_user_who_may_not_take_over_is_refused_on_the_field(
    as_admin, alice, carol, office, alices_records, target
):
    to_user = {
        "carol": carol,
        "inactive": UserFactory(office=office, is_active=False),
        "self": alice,
    }[target]
    response = as_admin.post(
        reverse("setup:user_handover", args=[alice.pk]), {"to_user": to_user.pk}
    )
    assert response.status_code == 422
    assert response.context["form"].errors["to_user"]
    assert Contact.objects.filter(owner=alice).count() == 2

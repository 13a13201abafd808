"""An open portal session ends at the next request once the access is disabled, the contact
deactivated or deleted: the client lands on the portal's login page."""

import pytest
from django.urls import reverse

from estatedesk.contacts.services import record_delete, record_save
from estatedesk.portal.services.access import portal_access_disable

pytestmark = pytest.mark.django_db

PAGE = "portal:switch"  # a client page of the portal's own (any ClientView would do)


def assert_logged_out_to_the_login(client, response):
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("portal:login"))
    assert "_auth_user_id" not in client.session


def test_an_open_session_works(as_ann):
    assert as_ann.get(reverse(PAGE)).status_code == 200


def test_disabling_access_ends_the_open_session(as_ann, ann, alice):
    as_ann.get(reverse(PAGE))

    portal_access_disable(access=ann, actor=alice)

    assert_logged_out_to_the_login(as_ann, as_ann.get(reverse(PAGE)))


def test_deactivating_the_contact_ends_the_open_session(as_ann, ann, alice):
    as_ann.get(reverse(PAGE))
    contact = ann.contact
    contact.is_active = False

    record_save(record=contact, actor=alice)

    assert_logged_out_to_the_login(as_ann, as_ann.get(reverse(PAGE)))


def test_deleting_the_contact_ends_the_open_session(as_ann, ann, alice):
    as_ann.get(reverse(PAGE))

    record_delete(record=ann.contact, actor=alice)

    assert_logged_out_to_the_login(as_ann, as_ann.get(reverse(PAGE)))


def test_one_access_closing_leaves_the_logins_other_access_open(as_ann, ann, alice, carol):
    # given Ann's login also holds an access in Carol's office
    from estatedesk.contacts.tests.factories import ContactFactory
    from estatedesk.portal.tests.factories import PortalAccessFactory

    other = PortalAccessFactory(contact=ContactFactory(owner=carol), user=ann.user)

    # when Alice disables the access of her office
    portal_access_disable(access=ann, actor=alice)

    # then Ann's session goes on, through the access that is left
    response = as_ann.get(reverse(PAGE))
    assert response.status_code == 200
    assert response.context["current"].pk == other.pk

"""Every contact-links URL on a personal contact: the owner gets in, everyone else a 404."""

import pytest
from django.urls import reverse

from estatedesk.contactlinks.services import contact_link_add
from estatedesk.contacts.tests.factories import ContactFactory
from estatedesk.core.choices import Visibility
from estatedesk.core.testing.matrix import Route

pytestmark = pytest.mark.django_db

ROUTES = [
    Route("contactlinks:add", "post", {"relationship": "family"}),
    Route("contactlinks:picker", "get", {"q": "someone"}),
    Route("contactlinks:remove", "post"),
]


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: r.name)
def test_personal_contact_link_urls_answer_by_persona(
    route, alice, as_alice, as_bob, as_carol, as_admin, client
):
    contact = ContactFactory(owner=alice, visibility=Visibility.PERSONAL)
    other = ContactFactory(owner=alice)

    def call(c):
        link = (
            contact_link_add(from_contact=contact, to_contact=other, kind="colleague", actor=alice)
            if route.name.endswith("remove")
            else None
        )
        args = [contact.pk, link.pk] if link else [contact.pk]
        response = getattr(c, route.method)(reverse(route.name, args=args), route.data or {})
        if link:
            link.delete()
        return response

    anonymous = call(client)
    assert anonymous.status_code == 302
    assert reverse("accounts:login") in anonymous["Location"]
    for someone_else in (as_bob, as_admin, as_carol):
        assert call(someone_else).status_code == 404
    assert call(as_alice).status_code in (200, 302)

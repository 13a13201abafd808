"""Through the properties and property links endpoints, a colleague's personal records and
another office's records do not exist: they answer 404 (also to their photos), and lists leave
them out."""

import pytest

from estatedesk.contacts.tests.factories import ContactFactory
from estatedesk.core.choices import Visibility
from estatedesk.core.testing.api import assert_reachable, assert_unreachable
from estatedesk.properties.tests.factories import PropertyFactory, PropertyLinkFactory


def make_property(owner, visibility):
    return PropertyFactory(owner=owner, visibility=visibility)


def make_property_link(owner, visibility):
    contact = ContactFactory(owner=owner, visibility=visibility)
    return PropertyLinkFactory(property=PropertyFactory(owner=owner), contact=contact)


RESOURCES = {
    "properties": (make_property, {"city": "Utrecht"}),
    "property-links": (make_property_link, None),
}


@pytest.mark.parametrize("resource", RESOURCES)
def test_colleague_cannot_reach_personal_record(resource, alice, bob, bob_api):
    make, change = RESOURCES[resource]
    obj = make(alice, Visibility.PERSONAL)

    assert_unreachable(bob_api, resource, obj, change, put=True)


@pytest.mark.parametrize("resource", RESOURCES)
def test_other_office_cannot_reach_office_record(resource, alice, carol, carol_api):
    make, change = RESOURCES[resource]
    obj = make(alice, Visibility.OFFICE)

    assert_unreachable(carol_api, resource, obj, change, put=False)


@pytest.mark.parametrize("resource", RESOURCES)
def test_colleague_sees_office_record(resource, alice, bob, bob_api):
    make, _change = RESOURCES[resource]
    obj = make(alice, Visibility.OFFICE)

    assert_reachable(bob_api, resource, obj)


def test_actions_on_invisible_records_are_404(alice, bob, bob_api):
    prop = make_property(alice, Visibility.PERSONAL)

    assert bob_api.get(f"/api/properties/{prop.pk}/photos/").status_code == 404

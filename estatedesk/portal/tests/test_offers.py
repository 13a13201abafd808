"""Agents offer properties to a contact in the portal, and withdraw them."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from estatedesk.activities.models import Activity
from estatedesk.core import events
from estatedesk.core.choices import Visibility
from estatedesk.documents.tests.factories import upload
from estatedesk.portal.models import Offer, RejectionReason
from estatedesk.portal.services.offers import offer_create, offer_withdraw
from estatedesk.properties.choices import LinkRole
from estatedesk.properties.models import PropertyLink
from estatedesk.properties.tests.factories import PropertyFactory


@pytest.fixture
def published():
    seen = []

    def listen(event, *, office_id, payload, event_id):
        seen.append((event, payload))

    for name in (events.OFFER_CREATED, events.OFFER_WITHDRAWN):
        events.subscribe(name, listen)
    yield seen
    for name in (events.OFFER_CREATED, events.OFFER_WITHDRAWN):
        events.unsubscribe(name, listen)


def test_agent_offers_several_properties_with_a_note(ann, alice, published):
    first, second = PropertyFactory(owner=alice), PropertyFactory(owner=alice)

    offers = offer_create(actor=alice, contact=ann.contact, properties=[first, second],
                          note="Both have the garden you wanted.")  # fmt: skip

    assert {o.property for o in offers} == {first, second}
    assert all(o.note == "Both have the garden you wanted." for o in offers)
    assert all(o.offered_by == alice for o in offers)
    # The contact is linked to each property as "offered", and each offer is on the timeline.
    links = PropertyLink.objects.filter(contact=ann.contact, role=LinkRole.OFFERED)
    assert {link.property for link in links} == {first, second}
    assert Activity.objects.filter(links__contact=ann.contact, kind="portal").count() == 2
    assert [e for e, _ in published] == [events.OFFER_CREATED, events.OFFER_CREATED]
    assert {p["property_id"] for _, p in published} == {first.pk, second.pk}
    assert all(p["by"] == "agent" for _, p in published)


def test_agent_cannot_offer_a_property_they_cannot_see(ann, alice, bob):
    personal = PropertyFactory(owner=bob, visibility=Visibility.PERSONAL)

    with pytest.raises(ValidationError) as error:
        offer_create(actor=alice, contact=ann.contact, properties=[personal])

    assert "properties" in error.value.message_dict
    assert not Offer.objects.exists()


def test_agent_cannot_offer_to_a_contact_of_another_office(cleo, alice):
    with pytest.raises(ValidationError) as error:
        offer_create(actor=alice, contact=cleo.contact, properties=[PropertyFactory(owner=alice)])

    assert "contact" in error.value.message_dict


def test_portal_client_cannot_offer(ann):
    with pytest.raises(PermissionDenied):
        offer_create(actor=ann.user, contact=ann.contact, properties=[])


def test_only_the_offered_propertys_documents_can_be_shared(ann, alice, private_dir):
    offered, other = PropertyFactory(owner=alice), PropertyFactory(owner=alice)
    brochure = upload(offered, alice, name="brochure.pdf")
    foreign = upload(other, alice, name="other.pdf")

    with pytest.raises(ValidationError) as error:
        offer_create(actor=alice, contact=ann.contact, properties=[offered], documents=[foreign])
    assert "documents" in error.value.message_dict

    [offer] = offer_create(actor=alice, contact=ann.contact, properties=[offered],
                           documents=[brochure])  # fmt: skip
    assert list(offer.documents.all()) == [brochure]


def test_withdrawing_hides_the_offer_and_removes_the_offered_link(ann, alice, published):
    [offer] = offer_create(
        actor=alice, contact=ann.contact, properties=[PropertyFactory(owner=alice)]
    )

    offer_withdraw(actor=alice, offer=offer)

    offer.refresh_from_db()
    assert offer.is_withdrawn
    assert not Offer.objects.visible_to_client(ann).exists()
    assert not PropertyLink.objects.filter(contact=ann.contact, role=LinkRole.OFFERED).exists()
    assert published[-1][0] == events.OFFER_WITHDRAWN


def test_offering_a_withdrawn_property_again_revives_the_offer(ann, alice):
    prop = PropertyFactory(owner=alice)
    [offer] = offer_create(actor=alice, contact=ann.contact, properties=[prop], note="Old note")
    offer_withdraw(actor=alice, offer=offer)

    [again] = offer_create(
        actor=alice, contact=ann.contact, properties=[prop], note="Price dropped"
    )

    assert again.pk == offer.pk
    assert not again.is_withdrawn
    assert again.note == "Price dropped"
    assert PropertyLink.objects.filter(contact=ann.contact, role=LinkRole.OFFERED).count() == 1
    assert Offer.objects.visible_to_client(ann).get() == offer


def test_agent_of_another_office_cannot_withdraw(ann, alice, carol):
    [offer] = offer_create(
        actor=alice, contact=ann.contact, properties=[PropertyFactory(owner=alice)]
    )

    with pytest.raises(PermissionDenied):
        offer_withdraw(actor=carol, offer=offer)


def test_a_new_office_starts_with_the_default_rejection_reasons(office):
    reasons = list(RejectionReason.objects.filter(office=office))

    assert [r.name for r in reasons] == ["Price", "Location", "Size", "Condition", "Layout",
                                         "No parking", "No garden", "Other"]  # fmt: skip
    assert [r.name for r in reasons if r.asks_for_text] == ["Other"]


def test_the_data_migration_gives_existing_offices_the_defaults_once(office, other_office):
    from importlib import import_module

    from django.apps import apps

    migration = import_module("estatedesk.portal.migrations.0002_offers_default_reasons")
    RejectionReason.objects.filter(office=office).delete()  # an office from before the portal
    RejectionReason.objects.filter(office=other_office, name="Layout").update(name="Floor plan")

    migration.create_defaults(apps, None)

    assert RejectionReason.objects.filter(office=office).count() == 8
    # An office that has reasons keeps its own list untouched.
    names = set(RejectionReason.objects.filter(office=other_office).values_list("name", flat=True))
    assert "Floor plan" in names
    assert "Layout" not in names

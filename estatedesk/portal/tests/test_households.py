"""Households: partners (a partner link) who both choose to share see the same offers, each
other's reactions and viewings, with who did what; one who does not share keeps theirs apart."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from estatedesk.contactlinks.models import ContactLink
from estatedesk.portal.choices import Preference
from estatedesk.portal.models import Offer, Reaction, ViewingRequest
from estatedesk.portal.querysets import space_contact_ids
from estatedesk.portal.selectors import viewings as selectors
from estatedesk.portal.services import viewings as services
from estatedesk.portal.tests.factories import OfferFactory


def share(*accesses, value=True):
    for access in accesses:
        access.share_household = value
        access.save()


@pytest.fixture
def partners(ann, ben):
    ContactLink.objects.create(office=ann.office, from_contact=ann.contact,
                               to_contact=ben.contact, kind="partner")  # fmt: skip
    return ann, ben


@pytest.fixture
def bens_viewing(ben, alice):
    offer = OfferFactory(contact=ben.contact, offered_by=alice)
    return services.viewing_request(
        access=ben, actor=ben.user, offer=offer,
        slots=[timezone.now() + timedelta(days=3)], client_timezone="Europe/Amsterdam",
        message="Ben would like Saturday",
    )  # fmt: skip


def test_sharing_partners_see_each_others_viewings_with_who_asked(
    partners, as_ann, ann, ben, bens_viewing
):
    share(ann, ben)

    listing = as_ann.get(reverse("portal:viewing_list"))
    detail = as_ann.get(reverse("portal:viewing_detail", args=[bens_viewing.pk]))

    assert f'id="viewing-{bens_viewing.pk}"'.encode() in listing.content
    assert b"Asked by <bdi>Ben Buyer</bdi>" in listing.content
    assert detail.status_code == 200
    assert list(selectors.client_viewings(ann)) == [bens_viewing]


def test_a_partner_who_does_not_share_keeps_viewings_apart(
    partners, as_ann, ann, ben, bens_viewing
):
    share(ann)  # Ann shares, Ben does not

    assert as_ann.get(reverse("portal:viewing_detail", args=[bens_viewing.pk])).status_code == 404
    assert (
        f"viewing-{bens_viewing.pk}".encode()
        not in as_ann.get(reverse("portal:viewing_list")).content
    )
    assert list(selectors.client_viewings(ann)) == []


def test_a_contact_who_is_not_a_partner_shares_nothing(as_ann, ann, ben, bens_viewing):
    share(ann, ben)  # both share, but no partner link between them

    assert as_ann.get(reverse("portal:viewing_detail", args=[bens_viewing.pk])).status_code == 404


def test_a_partner_asks_to_view_the_other_partners_offer_and_is_named_as_asking(
    partners, as_ann, ann, ben, alice
):
    share(ann, ben)
    bens_offer = OfferFactory(contact=ben.contact, offered_by=alice)
    soon = (timezone.now() + timedelta(days=4)).strftime("%Y-%m-%dT%H:%M")

    response = as_ann.post(reverse("portal:viewing_request", args=[bens_offer.pk]),
                           {"client_timezone": "Europe/Amsterdam", "slot_1": soon})  # fmt: skip

    assert response.status_code == 302
    viewing = ViewingRequest.objects.get()
    assert viewing.requested_by == ann.contact
    assert viewing.offer == bens_offer
    # the agent's task is about the contact the property was offered to
    assert viewing.task.contact == ben.contact


def test_sharing_partners_see_the_same_offers_and_each_others_reactions(partners, ann, ben):
    share(ann, ben)
    anns = OfferFactory(contact=ann.contact)
    bens = OfferFactory(contact=ben.contact)
    Reaction.objects.create(office=ann.office, offer=bens, contact=ben.contact,
                            preference=Preference.FAVOURITE, rating=5)  # fmt: skip
    Reaction.objects.create(office=ann.office, offer=bens, contact=ann.contact,
                            preference=Preference.POSSIBLE, rating=3)  # fmt: skip

    for access in (ann, ben):
        offers = Offer.objects.visible_to_client(access)
        assert set(offers) == {anns, bens}
        said = set(
            Reaction.objects.filter(offer__in=offers).values_list("contact_id", "preference")
        )
        assert said == {(ben.contact.pk, "favourite"), (ann.contact.pk, "possible")}


def test_stopping_to_share_ends_it_at_once(partners, ann, ben, bens_viewing, as_ann):
    share(ann, ben)
    assert set(space_contact_ids(ann)) == {ann.contact.pk, ben.contact.pk}

    share(ben, value=False)

    assert space_contact_ids(ann) == [ann.contact.pk]
    assert as_ann.get(reverse("portal:viewing_detail", args=[bens_viewing.pk])).status_code == 404

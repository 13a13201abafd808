"""The portal's one visibility rule: a client reaches exactly what was offered to them."""

from django.utils import timezone

from estatedesk.contactlinks.models import ContactLink
from estatedesk.portal.choices import AccessStatus
from estatedesk.portal.models import Offer
from estatedesk.portal.tests.factories import OfferFactory


def test_client_sees_only_their_own_current_offers(ann, ben, cleo):
    mine = OfferFactory(contact=ann.contact)
    OfferFactory(contact=ben.contact)
    OfferFactory(contact=cleo.contact)
    OfferFactory(contact=ann.contact, withdrawn_at=timezone.now())

    assert list(Offer.objects.visible_to_client(ann)) == [mine]


def test_disabled_access_sees_nothing(ann):
    OfferFactory(contact=ann.contact)
    ann.status = AccessStatus.DISABLED

    assert not Offer.objects.visible_to_client(ann).exists()
    assert not Offer.objects.visible_to_client(None).exists()


def test_partners_share_offers_only_when_both_choose_to(ann, ben):
    ContactLink.objects.create(office=ann.office, from_contact=ann.contact,
                               to_contact=ben.contact, kind="partner")  # fmt: skip
    bens = OfferFactory(contact=ben.contact)
    ann.share_household = True
    ann.save()

    assert bens not in Offer.objects.visible_to_client(ann)

    ben.share_household = True
    ben.save()

    assert bens in Offer.objects.visible_to_client(ann)


def test_staff_see_offers_of_contacts_they_may_see(ann, alice, bob, carol):
    offer = OfferFactory(contact=ann.contact)

    assert offer in Offer.objects.visible_to(bob)
    assert offer not in Offer.objects.visible_to(carol)

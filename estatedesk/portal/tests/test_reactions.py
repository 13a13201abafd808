"""Clients say favourite, possible or not for me, rate 1–5, and give the office's reasons."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from estatedesk.activities.models import Activity
from estatedesk.core import events
from estatedesk.portal.choices import Preference
from estatedesk.portal.models import Reaction, RejectionReason
from estatedesk.portal.services.offers import reaction_set
from estatedesk.portal.tests.factories import OfferFactory


def reason(office, name):
    return RejectionReason.objects.get(office=office, name=name)


def test_client_rejects_with_a_reason_and_it_lands_in_the_crm(ann):
    offer = OfferFactory(contact=ann.contact)
    seen = []

    def listen(event, *, office_id, payload, event_id):
        seen.append(payload)

    events.subscribe(events.OFFER_REACTED, listen)
    try:
        reaction = reaction_set(access=ann, offer=offer, preference=Preference.NOT_FOR_ME,
                                rating=2, reasons=[reason(ann.office, "Price")])  # fmt: skip
    finally:
        events.unsubscribe(events.OFFER_REACTED, listen)

    assert reaction.contact == ann.contact
    assert [r.name for r in reaction.reasons.all()] == ["Price"]
    assert Activity.objects.filter(links__contact=ann.contact, kind="portal").count() == 1
    ann.contact.refresh_from_db()
    assert ann.contact.last_contacted_at is not None
    assert seen[0]["preference"] == "not_for_me"
    assert seen[0]["reasons"] == ["Price"]
    assert seen[0]["by"] == "client"


def test_changing_ones_mind_updates_the_one_reaction(ann):
    offer = OfferFactory(contact=ann.contact)
    reaction_set(access=ann, offer=offer, preference=Preference.NOT_FOR_ME,
                 reasons=[reason(ann.office, "Size")])  # fmt: skip

    reaction_set(access=ann, offer=offer, preference=Preference.FAVOURITE, rating=5,
                 reasons=[reason(ann.office, "Size")])  # fmt: skip

    reaction = Reaction.objects.get()
    assert (reaction.preference, reaction.rating) == ("favourite", 5)
    # Reasons only go with "not for me".
    assert not reaction.reasons.exists()


def test_other_needs_a_text(ann):
    offer = OfferFactory(contact=ann.contact)

    with pytest.raises(ValidationError) as error:
        reaction_set(access=ann, offer=offer, preference=Preference.NOT_FOR_ME,
                     reasons=[reason(ann.office, "Other")])  # fmt: skip
    assert "reason_text" in error.value.message_dict

    reaction = reaction_set(access=ann, offer=offer, preference=Preference.NOT_FOR_ME,
                            reasons=[reason(ann.office, "Other")],
                            reason_text="Too noisy")  # fmt: skip
    assert reaction.reason_text == "Too noisy"


def test_deactivated_or_foreign_reasons_are_refused(ann, cleo):
    offer = OfferFactory(contact=ann.contact)
    inactive = reason(ann.office, "Layout")
    inactive.is_active = False
    inactive.save()

    for bad in (inactive, reason(cleo.office, "Price")):
        with pytest.raises(ValidationError) as error:
            reaction_set(access=ann, offer=offer, preference=Preference.NOT_FOR_ME, reasons=[bad])
        assert "reasons" in error.value.message_dict


@pytest.mark.parametrize("rating", [0, 6])
def test_rating_is_one_to_five(ann, rating):
    offer = OfferFactory(contact=ann.contact)

    with pytest.raises(ValidationError) as error:
        reaction_set(access=ann, offer=offer, preference=Preference.POSSIBLE, rating=rating)
    assert "rating" in error.value.message_dict


def test_client_cannot_react_to_someone_elses_offer(ann, ben):
    with pytest.raises(PermissionDenied):
        reaction_set(access=ben, offer=OfferFactory(contact=ann.contact),
                     preference=Preference.FAVOURITE)  # fmt: skip
    assert not Reaction.objects.exists()

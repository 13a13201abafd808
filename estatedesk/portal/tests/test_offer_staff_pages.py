"""Agents offer from a contact and from a property, see reactions, answer, withdraw; the
administrator keeps the rejection reasons under Setup."""

from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from estatedesk.contacts.tests.factories import ContactFactory
from estatedesk.core.testing.csp import inline_code
from estatedesk.core.testing.queries import count_queries
from estatedesk.documents.tests.factories import upload
from estatedesk.portal.choices import Preference, Side
from estatedesk.portal.models import Offer, OfferMessage, RejectionReason
from estatedesk.portal.services.offers import message_post, reaction_set
from estatedesk.portal.tests.factories import OfferFactory, PortalAccessFactory
from estatedesk.properties.tests.factories import PropertyFactory


def contact_tab(user, contact):
    request = RequestFactory().get(contact.get_absolute_url())
    request.user = user
    return render_to_string("portal/staff/_contact_offers.html",
                            {"object": contact}, request=request)  # fmt: skip


def test_contact_tab_shows_offers_reactions_reasons_and_unread_messages(ann, ben, alice):
    offer = OfferFactory(contact=ann.contact, offered_by=alice)
    price = RejectionReason.objects.filter(office=ann.office, name="Price")
    reaction_set(access=ann, offer=offer, preference=Preference.NOT_FOR_ME, rating=2,
                 reasons=price)  # fmt: skip
    message_post(actor=ann.user, access=ann, offer=offer, body="Can the price move?")
    OfferFactory(contact=ben.contact)

    html = contact_tab(alice, ann.contact)

    assert f'id="portal-offer-{offer.pk}"' in html
    for shown in ("Not for me", "2/5", "Price"):
        assert shown in html
    assert "Can the price move?" in html
    assert "1 unread message" in html
    assert html.count('id="portal-offer-') == 1  # not Ben's
    assert inline_code(html) == []


def test_agent_offers_properties_from_the_contact(ann, alice, as_alice):
    first, second = PropertyFactory(owner=alice), PropertyFactory(owner=alice)

    response = as_alice.post(
        reverse("portal_staff:offer_from_contact", args=[ann.contact.pk]),
        {"properties": [first.pk, second.pk], "note": "Two to start with"},
    )

    assert response.status_code == 302
    assert response["Location"].endswith("?tab=portal")
    assert {o.property for o in Offer.objects.filter(contact=ann.contact)} == {first, second}


def test_document_options_list_the_chosen_properties_documents(alice, as_alice, private_dir):
    prop = PropertyFactory(owner=alice)
    upload(prop, alice, name="floorplan.pdf")

    response = as_alice.get(reverse("portal_staff:offer_document_options"),
                            {"properties": [prop.pk]})  # fmt: skip

    assert "floorplan.pdf" in response.content.decode()


def test_property_tab_shows_to_whom_and_offers_to_a_contact(ann, ben, alice, as_alice):
    prop = PropertyFactory(owner=alice)
    offer = OfferFactory(contact=ann.contact, property=prop)
    reaction_set(access=ann, offer=offer, preference=Preference.FAVOURITE, rating=5)

    page = as_alice.get(prop.get_absolute_url() + "?tab=offers").content.decode()
    for shown in ("Ann Client", "Favourite", "5/5"):
        assert shown in page
    assert inline_code(page) == []

    response = as_alice.post(reverse("portal_staff:offer_from_property", args=[prop.pk]),
                             {"contact": ben.contact.pk, "note": "For you too"})  # fmt: skip
    assert response["Location"].endswith("?tab=offers")
    assert Offer.objects.get(contact=ben.contact).property == prop


def test_agent_answers_in_the_thread_with_htmx(ann, alice, as_alice):
    offer = OfferFactory(contact=ann.contact)
    message_post(actor=ann.user, access=ann, offer=offer, body="Pets allowed?")

    response = as_alice.post(reverse("portal_staff:offer_thread", args=[offer.pk]),
                             {"body": "Yes, cats and dogs."},
                             headers={"HX-Request": "true"})  # fmt: skip

    html = response.content.decode()
    assert response.status_code == 200
    assert "Pets allowed?" in html
    assert "Yes, cats and dogs." in html
    assert OfferMessage.objects.get(side=Side.AGENT).author == alice
    # Answering read the client's message.
    assert not OfferMessage.objects.filter(side=Side.CLIENT, read_at__isnull=True).exists()


def test_agent_withdraws_from_the_contact(ann, alice, as_alice):
    offer = OfferFactory(contact=ann.contact)

    response = as_alice.post(reverse("portal_staff:offer_withdraw", args=[offer.pk]))

    offer.refresh_from_db()
    assert response.status_code == 302
    assert offer.is_withdrawn


def test_administrator_edits_the_reasons(admin, as_admin, office):
    url = reverse("portal_staff:reasons")
    assert "Rejection reasons" in as_admin.get(reverse("setup:index")).content.decode()

    as_admin.post(url, {"name": "Too far from school"})
    added = RejectionReason.objects.get(office=office, name="Too far from school")
    assert added.position == 9

    as_admin.post(reverse("portal_staff:reason_rename", args=[added.pk]),
                  {"name": "Schools too far", "asks_for_text": "on"})  # fmt: skip
    as_admin.post(reverse("portal_staff:reason_move", args=[added.pk]), {"direction": "up"})
    as_admin.post(reverse("portal_staff:reason_active", args=[added.pk]), {"active": "0"})

    added.refresh_from_db()
    assert (added.name, added.asks_for_text, added.is_active) == ("Schools too far", True, False)
    names = list(RejectionReason.objects.filter(office=office).values_list("name", flat=True))
    assert names[-2:] == ["Schools too far", "Other"]
    page = as_admin.get(url)
    assert page.status_code == 200
    assert inline_code(page.content.decode()) == []


def test_duplicate_reason_is_refused_next_to_the_name(as_admin):
    response = as_admin.post(reverse("portal_staff:reasons"), {"name": "price"})

    assert response.status_code == 422
    assert "There is already a reason with this name." in response.content.decode()


def _offers_with_everything(access, alice, n):
    price = RejectionReason.objects.filter(office=access.office, name="Price")
    for _ in range(n):
        offer = OfferFactory(contact=access.contact, offered_by=alice)
        reaction_set(access=access, offer=offer, preference=Preference.NOT_FOR_ME, rating=1,
                     reasons=price)  # fmt: skip
        message_post(actor=access.user, access=access, offer=offer, body="Why so dear?")
        message_post(actor=alice, offer=offer, body="Location.")


def test_contact_tab_queries_do_not_grow_with_the_offers(ann, alice):
    _offers_with_everything(ann, alice, 2)
    contact_tab(alice, ann.contact)
    with count_queries() as two:
        contact_tab(alice, ann.contact)

    _offers_with_everything(ann, alice, 6)
    with count_queries() as eight:
        html = contact_tab(alice, ann.contact)

    assert html.count('id="portal-offer-') == 8
    assert len(eight) == len(two)


def test_property_tab_queries_do_not_grow_with_the_offers(alice, as_alice):
    prop = PropertyFactory(owner=alice)
    url = prop.get_absolute_url() + "?tab=offers"

    def offer_to_new_clients(n):
        for _ in range(n):
            access = PortalAccessFactory(contact=ContactFactory(owner=alice))
            offer = OfferFactory(contact=access.contact, property=prop)
            reaction_set(access=access, offer=offer, preference=Preference.POSSIBLE, rating=3)

    offer_to_new_clients(2)
    as_alice.get(url)
    with count_queries() as two:
        as_alice.get(url)
    offer_to_new_clients(6)
    with count_queries() as eight:
        response = as_alice.get(url)

    assert response.content.decode().count('id="property-offer-') == 8
    assert len(eight) == len(two)


def test_agent_chooses_which_documents_the_client_may_download(ann, alice, as_alice, private_dir):
    offer = OfferFactory(contact=ann.contact, property=PropertyFactory(owner=alice))
    brochure = upload(offer.property, alice, name="brochure.pdf")
    upload(offer.property, alice, name="valuation.pdf")

    html = contact_tab(alice, ann.contact)
    assert f'id="offer-documents-{offer.pk}"' in html
    assert "valuation.pdf" in html

    response = as_alice.post(reverse("portal_staff:offer_documents", args=[offer.pk]),
                             {"documents": [brochure.pk]})  # fmt: skip

    assert response.status_code == 302
    assert list(offer.documents.all()) == [brochure]

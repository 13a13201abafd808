"""What a client meets in the portal: the offered properties as cards, a property's page, its
photos and shared documents, the reaction form and the thread; nobody else reaches them."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from estatedesk.contactlinks.models import ContactLink
from estatedesk.core.testing.csp import inline_code
from estatedesk.core.testing.queries import count_queries
from estatedesk.documents.tests.factories import upload
from estatedesk.portal.choices import Preference, Side
from estatedesk.portal.models import OfferMessage, Reaction, RejectionReason
from estatedesk.portal.services.offers import offer_create, reaction_set
from estatedesk.portal.tests.factories import OfferFactory
from estatedesk.properties.services import photo_add
from estatedesk.properties.tests.factories import PropertyFactory, image_upload


def detail(offer):
    return reverse("portal:offer_detail", args=[offer.pk])


@pytest.fixture
def offered(ann, alice, private_dir):
    """A property offered to Ann with a photo, a shared brochure and an unshared document."""
    prop = PropertyFactory(owner=alice, street="Keizersgracht", house_number="12",
                           asking_price=450000, bedrooms=3, living_area=95,
                           description="Bright canal house.", has_garden=True)  # fmt: skip
    photo = photo_add(property=prop, actor=alice, upload=image_upload(), caption="Front")
    brochure = upload(prop, alice, name="brochure.pdf")
    upload(prop, alice, name="private-valuation.pdf")
    [offer] = offer_create(actor=alice, contact=ann.contact, properties=[prop],
                           note="Just listed, garden facing south.",
                           documents=[brochure])  # fmt: skip
    return offer, photo, brochure


def test_client_sees_her_offers_as_cards(as_ann, offered):
    offer, photo, _ = offered

    response = as_ann.get(reverse("portal:offer_list"))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Keizersgracht 12" in html
    assert "EUR 450,000" in html
    assert "3 bedrooms" in html
    assert "Just listed, garden facing south." in html
    assert reverse("portal:offer_photo_thumbnail", args=[offer.pk, photo.pk]) in html
    assert ">New<" in html  # never visited before
    assert inline_code(html) == []


def test_offers_older_than_the_last_visit_are_not_new(ann, as_ann):
    OfferFactory(contact=ann.contact, offered_at=timezone.now() - timedelta(days=2))
    ann.last_visit_at = timezone.now() - timedelta(days=1)
    ann.save()

    html = as_ann.get(reverse("portal:offer_list")).content.decode()

    assert ">New<" not in html


def test_property_page_shows_photos_facts_features_and_only_shared_documents(as_ann, offered):
    offer, photo, brochure = offered

    response = as_ann.get(detail(offer))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Bright canal house." in html
    assert "garden" in html.lower()
    assert reverse("portal:offer_photo", args=[offer.pk, photo.pk]) in html
    assert reverse("portal:offer_document", args=[offer.pk, brochure.pk]) in html
    assert "brochure.pdf" in html
    assert "private-valuation.pdf" not in html
    for reason in ("Price", "No parking", "Other"):
        assert reason in html
    assert inline_code(html) == []


def test_photo_and_shared_document_are_served_to_the_client(as_ann, offered):
    offer, photo, brochure = offered

    image = as_ann.get(reverse("portal:offer_photo", args=[offer.pk, photo.pk]))
    thumb = as_ann.get(reverse("portal:offer_photo_thumbnail", args=[offer.pk, photo.pk]))
    document = as_ann.get(reverse("portal:offer_document", args=[offer.pk, brochure.pk]))

    assert image.status_code == thumb.status_code == document.status_code == 200
    assert document["Content-Disposition"].startswith("attachment")
    assert b"".join(document.streaming_content).startswith(b"%PDF")


def test_unshared_document_and_another_propertys_photo_are_404(ann, alice, as_ann, offered):
    offer, _, _ = offered
    hidden = upload(offer.property, alice, name="notes.pdf")
    elsewhere = PropertyFactory(owner=alice)
    other_photo = photo_add(property=elsewhere, actor=alice, upload=image_upload())

    assert (
        as_ann.get(reverse("portal:offer_document", args=[offer.pk, hidden.pk])).status_code == 404
    )
    assert (
        as_ann.get(reverse("portal:offer_photo", args=[offer.pk, other_photo.pk])).status_code
        == 404
    )


@pytest.mark.parametrize("who", ["as_ben", "as_cleo", "as_alice"])
def test_nobody_else_reaches_anns_offer(request, offered, who):
    offer, photo, brochure = offered
    client = request.getfixturevalue(who)

    for url in (
        detail(offer),
        reverse("portal:offer_photo", args=[offer.pk, photo.pk]),
        reverse("portal:offer_photo_thumbnail", args=[offer.pk, photo.pk]),
        reverse("portal:offer_document", args=[offer.pk, brochure.pk]),
    ):
        assert client.get(url).status_code == 404, url
    for name in ("portal:offer_react", "portal:offer_message"):
        response = client.post(reverse(name, args=[offer.pk]),
                               {"preference": "favourite", "body": "hi"})  # fmt: skip
        assert response.status_code == 404, name
    assert not Reaction.objects.exists()
    assert not OfferMessage.objects.exists()


def test_withdrawn_offer_is_gone_for_the_client(as_ann, ann):
    offer = OfferFactory(contact=ann.contact, withdrawn_at=timezone.now())

    assert as_ann.get(detail(offer)).status_code == 404
    assert "offer-" + str(offer.pk) not in as_ann.get(reverse("portal:offer_list")).content.decode()


def test_client_reacts_through_htmx_and_gets_the_form_back(ann, as_ann):
    offer = OfferFactory(contact=ann.contact)
    price = RejectionReason.objects.get(office=ann.office, name="Price")

    response = as_ann.post(
        reverse("portal:offer_react", args=[offer.pk]),
        {"preference": "not_for_me", "rating": "2", "reasons": [price.pk]},
        headers={"HX-Request": "true"},
    )

    assert response.status_code == 200
    assert 'id="reaction"' in response.content.decode()
    reaction = Reaction.objects.get(offer=offer, contact=ann.contact)
    assert (reaction.preference, reaction.rating) == ("not_for_me", 2)
    assert list(reaction.reasons.all()) == [price]


def test_other_without_a_text_is_shown_next_to_the_field(ann, as_ann):
    offer = OfferFactory(contact=ann.contact)
    other = RejectionReason.objects.get(office=ann.office, name="Other")

    response = as_ann.post(reverse("portal:offer_react", args=[offer.pk]),
                           {"preference": "not_for_me", "reasons": [other.pk]})  # fmt: skip

    assert response.status_code == 422
    assert "Tell us in a few words why." in response.content.decode()
    assert not Reaction.objects.exists()


def test_client_writes_to_the_agent_and_reading_marks_the_answer_read(ann, alice, as_ann):
    offer = OfferFactory(contact=ann.contact, offered_by=alice)
    OfferMessage.objects.create(office=ann.office, offer=offer, side=Side.AGENT, author=alice,
                                body="Viewing on Saturday?")  # fmt: skip

    listing = as_ann.get(reverse("portal:offer_list")).content.decode()
    assert "1 new message" in listing

    page = as_ann.get(detail(offer)).content.decode()
    assert "Viewing on Saturday?" in page
    assert not OfferMessage.objects.filter(read_at__isnull=True).exists()

    response = as_ann.post(reverse("portal:offer_message", args=[offer.pk]),
                           {"body": "Saturday works."}, headers={"HX-Request": "true"})  # fmt: skip
    assert response.status_code == 200
    assert "Saturday works." in response.content.decode()
    assert OfferMessage.objects.filter(side=Side.CLIENT, contact=ann.contact).count() == 1


def test_household_sees_who_said_what(ann, ben, as_ann):
    ContactLink.objects.create(office=ann.office, from_contact=ann.contact,
                               to_contact=ben.contact, kind="partner")  # fmt: skip
    for access in (ann, ben):
        access.share_household = True
        access.save()
    offer = OfferFactory(contact=ann.contact)
    reaction_set(access=ben, offer=offer, preference=Preference.FAVOURITE, rating=5)

    page = as_ann.get(detail(offer)).content.decode()
    listing = as_ann.get(reverse("portal:offer_list")).content.decode()

    assert "<bdi>Ben Buyer</bdi> said: Favourite" in page
    assert "<bdi>Ben</bdi>: Favourite" in listing


def _offer_many(ann, alice, n):
    for _ in range(n):
        prop = PropertyFactory(owner=alice)
        photo_add(property=prop, actor=alice, upload=image_upload())
        offer = OfferFactory(contact=ann.contact, property=prop)
        reaction_set(access=ann, offer=offer, preference=Preference.NOT_FOR_ME,
                     reasons=RejectionReason.objects.filter(office=ann.office)[:2])  # fmt: skip
        OfferMessage.objects.create(office=ann.office, offer=offer, side=Side.AGENT, body="x")


def test_offer_list_queries_do_not_grow_with_the_offers(ann, alice, as_ann, private_dir):
    url = reverse("portal:offer_list")
    _offer_many(ann, alice, 2)
    as_ann.get(url)  # warm: the session, content types
    with count_queries() as two:
        assert as_ann.get(url).status_code == 200

    _offer_many(ann, alice, 10)
    with count_queries() as twelve:
        response = as_ann.get(url)

    assert response.content.decode().count('class="offer-card"') == 12
    assert len(twelve) == len(two), [q["sql"][:90] for q in twelve.captured_queries]
    assert len(twelve) <= 12


def test_property_page_queries_do_not_grow_with_photos_documents_and_messages(
    ann, alice, as_ann, private_dir
):
    prop = PropertyFactory(owner=alice)
    offer = OfferFactory(contact=ann.contact, property=prop)

    def add(n):
        for i in range(n):
            photo_add(property=prop, actor=alice, upload=image_upload())
            offer.documents.add(upload(prop, alice, name=f"doc-{offer.documents.count()}-{i}.pdf"))
            OfferMessage.objects.create(office=ann.office, offer=offer, side=Side.CLIENT,
                                        contact=ann.contact, body="x")  # fmt: skip

    add(1)
    as_ann.get(detail(offer))
    with count_queries() as one:
        as_ann.get(detail(offer))
    add(7)
    with count_queries() as eight:
        response = as_ann.get(detail(offer))

    assert response.content.decode().count('class="message message-client') == 8
    assert len(eight) == len(one)

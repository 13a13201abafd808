"""The deal form never lists every contact: it offers the chosen one and searches the rest,
among the records the user may see."""

import pytest
from django.urls import reverse

from estatedesk.contacts.tests.factories import ContactFactory, RelationFactory
from estatedesk.core.choices import Visibility
from estatedesk.core.testing.queries import count_queries
from estatedesk.deals.tests.factories import make_property

pytestmark = pytest.mark.django_db


def pick(client, kind, q, **extra):
    return client.get(reverse("deals:pick", args=[kind]), {"q": q, **extra}).content.decode()


def test_search_offers_only_visible_matching_contacts(as_alice, alice, bob, carol):
    mine = ContactFactory(owner=alice, first_name="Anouk", last_name="Jansen")
    shared = ContactFactory(owner=bob, first_name="Daan", last_name="Jansen")
    secret = ContactFactory(owner=bob, first_name="Sem", last_name="Jansen",
                            visibility=Visibility.PERSONAL)  # fmt: skip
    elsewhere = ContactFactory(owner=carol, first_name="Noor", last_name="Jansen")
    other_name = ContactFactory(owner=alice, first_name="Ruud", last_name="Kok")

    html = pick(as_alice, "contact", "jansen")

    assert [f'value="{c.pk}"' in html for c in (mine, shared, secret, elsewhere, other_name)] == [
        True, True, False, False, False]  # fmt: skip


def test_search_keeps_the_chosen_one_first_and_finds_relations_and_properties(as_alice, alice):
    chosen = RelationFactory(owner=alice, name="Vesteda")
    match = RelationFactory(owner=alice, name="Amvest Residential")
    html = pick(as_alice, "relation", "amvest", field="buyer_relation",
                buyer_relation=chosen.pk)  # fmt: skip
    assert html.index(f'value="{chosen.pk}" selected') < html.index(f'value="{match.pk}"')

    house = make_property(alice, street="Herengracht")
    flat = make_property(alice, street="Damrak")
    html = pick(as_alice, "property", "herengracht")
    assert f'value="{house.pk}"' in html
    assert f'value="{flat.pk}"' not in html


def test_unknown_kind_is_404_and_anonymous_goes_to_login(as_alice, client):
    assert as_alice.get(reverse("deals:pick", args=["user"]), {"q": "a"}).status_code == 404
    response = client.get(reverse("deals:pick", args=["contact"]), {"q": "a"})
    assert response.status_code == 302


def test_form_lists_only_the_chosen_contact_with_constant_queries(as_alice, alice):
    chosen = ContactFactory(owner=alice, first_name="Lotte", last_name="Boer")
    ContactFactory(owner=alice, first_name="Other", last_name="Person")
    url = reverse("deals:deal_create")

    with count_queries() as few:
        html = as_alice.get(url, {"buyer_contact": chosen.pk}).content.decode()
    assert f'<option value="{chosen.pk}" selected>' in html
    assert "Other" not in html
    assert 'hx-get="/deals/pick/contact/?field=buyer_contact"' in html

    for _ in range(10):
        ContactFactory(owner=alice)
        RelationFactory(owner=alice)
        make_property(alice)
    with count_queries() as many:
        as_alice.get(url, {"buyer_contact": chosen.pk})
    assert len(many) == len(few)

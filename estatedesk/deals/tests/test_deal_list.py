"""The deal list filters narrow the rows; the Deals tab on people lists their visible deals."""

from datetime import date

import pytest
from django.urls import reverse

from estatedesk.contacts.tests.factories import ContactFactory, RelationFactory
from estatedesk.core.choices import Visibility
from estatedesk.core.testing.queries import count_queries
from estatedesk.deals import services
from estatedesk.deals.models import Deal
from estatedesk.deals.tests.factories import DealFactory, make_property

pytestmark = pytest.mark.django_db


def shown(response, *deals) -> list[bool]:
    html = response.content.decode()
    return [f'id="deal-row-{d.pk}"' in html for d in deals]


@pytest.fixture
def deals(alice, bob, stages):
    house = make_property(alice, street="Herengracht")
    return {
        "a": DealFactory(owner=alice, title="Herengracht sale", value=500_000, kind="sale",
                         expected_close_date=date(2026, 3, 1), property=house),
        "b": DealFactory(owner=bob, title="Rental Jordaan", value=2_000, kind="rental",
                         stage=stages["Offer"], expected_close_date=date(2026, 6, 1)),
        "c": DealFactory(owner=alice, title="Won villa", value=900_000, stage=stages["Won"]),
        "d": DealFactory(owner=alice, title="Lost flat", value=300_000, stage=stages["Lost"]),
    }  # fmt: skip


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, [True, True, True, True]),
        ({"q": "herengracht"}, [True, False, False, False]),
        ({"q": "keizersgracht"}, [False, False, False, False]),
        ({"status": "open"}, [True, True, False, False]),
        ({"status": "won"}, [False, False, True, False]),
        ({"kind": "rental"}, [False, True, False, False]),
        ({"value_min": "400000"}, [True, False, True, False]),
        ({"value_max": "400000"}, [False, True, False, True]),
        ({"close_from": "2026-04-01"}, [False, True, False, False]),
        ({"close_to": "2026-04-01"}, [True, False, False, False]),
    ],
)
def test_filters_narrow_the_rows(as_alice, deals, params, expected):
    response = as_alice.get(reverse("deals:deal_list"), params)
    assert shown(response, *deals.values()) == expected


def test_filters_by_stage_owner_and_property(as_alice, deals, bob, stages):
    url = reverse("deals:deal_list")
    rows = list(deals.values())
    assert shown(as_alice.get(url, {"stage": stages["Offer"].pk}), *rows) == [
        False, True, False, False]  # fmt: skip
    assert shown(as_alice.get(url, {"owner": bob.pk}), *rows) == [False, True, False, False]
    house = deals["a"].property
    assert shown(as_alice.get(url, {"property": house.pk}), *rows) == [True, False, False, False]


def test_list_hides_colleagues_personal_deals_and_sorts_by_value(as_alice, deals, bob):
    secret = DealFactory(owner=bob, title="Bob secret", visibility=Visibility.PERSONAL)
    response = as_alice.get(reverse("deals:deal_list"), {"ordering": "-value"})
    html = response.content.decode()
    assert f'id="deal-row-{secret.pk}"' not in html
    positions = [html.index(f'id="deal-row-{deals[k].pk}"') for k in ("c", "a", "d", "b")]
    assert positions == sorted(positions)


def test_htmx_request_gets_only_the_table(as_alice, deals):
    response = as_alice.get(
        reverse("deals:deal_list"), HTTP_HX_REQUEST="true", HTTP_HX_TARGET="record-table"
    )
    html = response.content.decode()
    assert 'id="deals-table"' in html
    assert "<html" not in html


def test_list_queries_do_not_grow_with_rows(as_alice, alice):
    def rich(n):
        return DealFactory(owner=alice, property=make_property(alice),
                           buyer_contact=ContactFactory(owner=alice),
                           seller_relation=RelationFactory(owner=alice))  # fmt: skip

    for n in range(2):
        rich(n)
    with count_queries() as two:
        as_alice.get(reverse("deals:deal_list"))
    for n in range(8):
        rich(n)
    with count_queries() as ten:
        response = as_alice.get(reverse("deals:deal_list"))
    assert response.content.decode().count('id="deal-row-') == 10
    assert len(ten) == len(two)


def test_deals_tab_on_a_contact_lists_visible_deals_on_either_side(as_bob, alice, bob):
    person = ContactFactory(owner=alice)
    buying = services.deal_save(deal=Deal(title="Buys a flat", buyer_contact=person), actor=alice)
    selling = services.deal_save(deal=Deal(title="Sells the house", seller_contact=person,
                                           value=350_000), actor=alice)  # fmt: skip
    hidden = services.deal_save(
        deal=Deal(title="Alice only", buyer_contact=person, visibility=Visibility.PERSONAL),
        actor=alice,
    )
    unrelated = services.deal_save(deal=Deal(title="Someone else"), actor=alice)

    response = as_bob.get(person.get_absolute_url(), {"tab": "deals"})

    html = response.content.decode()
    assert response.status_code == 200
    assert [d.title in html for d in (buying, selling, hidden, unrelated)] == [
        True, True, False, False]  # fmt: skip
    assert "EUR 350,000" in html
    assert "<td>Buyer</td>" in html
    assert "<td>Seller</td>" in html


def test_deals_tab_on_a_relation_with_constant_queries(as_alice, alice):
    company = RelationFactory(owner=alice)
    services.deal_save(deal=Deal(title="Deal 0", seller_relation=company), actor=alice)
    as_alice.get(
        company.get_absolute_url(), {"tab": "deals"}
    )  # the first view reads the office's lists (accounts.officecache)
    with count_queries() as one:
        as_alice.get(company.get_absolute_url(), {"tab": "deals"})
    for n in range(1, 6):
        services.deal_save(
            deal=Deal(title=f"Deal {n}", buyer_relation=company, property=make_property(alice),
                      buyer_contact=ContactFactory(owner=alice)),
            actor=alice,
        )  # fmt: skip
    with count_queries() as six:
        response = as_alice.get(company.get_absolute_url(), {"tab": "deals"})
    assert response.content.decode().count("/deals/") >= 6
    assert len(six) == len(one)


def test_deals_tab_on_a_property_lists_its_visible_deals(as_bob, alice, bob):
    flat = make_property(alice)
    offer = services.deal_save(deal=Deal(title="Offer on the flat", property=flat), actor=alice)
    hidden = services.deal_save(
        deal=Deal(title="Alice's own", property=flat, visibility=Visibility.PERSONAL), actor=alice
    )
    elsewhere = services.deal_save(deal=Deal(title="Another place"), actor=alice)

    response = as_bob.get(flat.get_absolute_url(), {"tab": "deals"})

    html = response.content.decode()
    assert response.status_code == 200
    assert [d.title in html for d in (offer, hidden, elsewhere)] == [True, False, False]
    assert f"?property={flat.pk}" in html  # “New deal” starts on this property

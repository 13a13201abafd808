"""Bad input gets a message on the field or split row that caused it, and nothing is saved."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from estatedesk.contacts.tests.factories import ContactFactory, RelationFactory
from estatedesk.core.choices import Visibility
from estatedesk.deals import services
from estatedesk.deals.models import Deal
from estatedesk.deals.tests.factories import DealFactory, make_property, stage

pytestmark = pytest.mark.django_db


def form_data(**overrides):
    data = {
        "title": "House on the Vecht", "kind": "sale", "stage": "", "value": "450000",
        "commission_type": "percentage", "commission_value": "2", "visibility": "office",
        "is_active": "on",
        "splits-TOTAL_FORMS": "2", "splits-INITIAL_FORMS": "0",
        "splits-MIN_NUM_FORMS": "0", "splits-MAX_NUM_FORMS": "1000",
    }  # fmt: skip
    data.update(overrides)
    return data


def test_new_deal_from_the_form_starts_in_the_first_stage_with_its_split(as_alice, alice, bob):
    data = form_data(**{"splits-0-agent": alice.pk, "splits-0-share": "70",
                        "splits-1-agent": bob.pk, "splits-1-share": "30"})  # fmt: skip
    response = as_alice.post(reverse("deals:deal_create"), data)

    assert response.status_code == 302
    deal = Deal.objects.get(title="House on the Vecht")
    assert (deal.owner, deal.stage.name, deal.office) == (alice, "New", alice.office)
    assert deal.commission_amount == Decimal("9000.00")
    assert sorted((s.agent.email, s.share) for s in deal.splits.all()) == [
        ("alice@example.com", Decimal("70.00")), ("bob@example.com", Decimal("30.00")),
    ]  # fmt: skip
    page = as_alice.get(deal.get_absolute_url()).content.decode()
    assert "EUR 9,000" in page  # commission: 2% of 450,000
    assert "EUR 6,300" in page  # Alice's 70%


def test_split_shares_must_add_up_to_100(as_alice, alice, bob):
    data = form_data(**{"splits-0-agent": alice.pk, "splits-0-share": "50",
                        "splits-1-agent": bob.pk, "splits-1-share": "40"})  # fmt: skip
    response = as_alice.post(reverse("deals:deal_create"), data)

    assert response.status_code == 422
    errors = response.content.decode().split('id="splits-errors"')[1].split("</ul>")[0]
    assert "The shares add up to 90%; together they must make 100%." in errors
    assert not Deal.objects.exists()


def test_split_row_of_another_offices_agent_is_named(alice, carol):
    with pytest.raises(ValidationError) as exc:
        services.deal_save(
            deal=Deal(title="X"), actor=alice,
            splits=[services.SplitIn(agent=alice, share=Decimal(50)),
                    services.SplitIn(agent=carol, share=Decimal(50))],
        )  # fmt: skip
    assert exc.value.message_dict["splits"] == [
        "Split 2: Carol Other is not an active agent of your office."
    ]
    assert not Deal.objects.exists()


@pytest.mark.parametrize(
    ("field", "make", "message"),
    [
        ("buyer_contact", ContactFactory, "Choose a buyer or tenant you can see."),
        ("seller_relation", RelationFactory, "Choose a seller or landlord company you can see."),
        ("property", make_property, "Choose a property you can see."),
    ],
)
def test_invisible_person_or_property_is_refused_naming_the_field(field, make, message, alice,
                                                                   bob):  # fmt: skip
    hidden = (
        make(bob, visibility=Visibility.PERSONAL)
        if make is make_property
        else make(owner=bob, visibility=Visibility.PERSONAL)
    )
    with pytest.raises(ValidationError) as exc:
        services.deal_save(deal=Deal(title="X", **{field: hidden}), actor=alice)
    assert exc.value.message_dict == {field: [message]}
    assert not Deal.objects.exists()


def test_invisible_contact_posted_to_the_form_gets_a_message_on_the_field(as_alice, bob):
    hidden = ContactFactory(owner=bob, visibility=Visibility.PERSONAL)
    response = as_alice.post(reverse("deals:deal_create"), form_data(buyer_contact=hidden.pk))
    assert response.status_code == 422
    assert 'id="id_buyer_contact_errors"' in response.content.decode()
    assert not Deal.objects.exists()


def test_colleague_editing_keeps_the_owners_personal_buyer(as_bob, alice):
    buyer = ContactFactory(owner=alice, visibility=Visibility.PERSONAL)
    deal = services.deal_save(deal=Deal(title="Shared", buyer_contact=buyer), actor=alice)

    page = as_bob.get(reverse("deals:deal_edit", args=[deal.pk])).content.decode()
    assert str(buyer) not in page
    response = as_bob.post(reverse("deals:deal_edit", args=[deal.pk]),
                           form_data(title="Shared, renamed", stage=deal.stage_id))  # fmt: skip

    assert response.status_code == 302
    deal.refresh_from_db()
    assert (deal.title, deal.buyer_contact) == ("Shared, renamed", buyer)


def test_lost_stage_from_the_form_needs_a_reason(as_alice, office):
    lost = stage(office, "Lost")
    response = as_alice.post(reverse("deals:deal_create"), form_data(stage=lost.pk))
    assert response.status_code == 422
    assert "a lost deal needs a reason" in response.content.decode()
    assert not Deal.objects.exists()


def test_percentage_commission_above_100_is_refused(as_alice):
    response = as_alice.post(reverse("deals:deal_create"), form_data(commission_value="150"))
    assert response.status_code == 422
    assert "A percentage commission cannot be above 100%." in response.content.decode()


def test_only_owner_or_admin_change_owner_and_visibility(alice, bob, admin):
    deal = services.deal_save(deal=Deal(title="Alice's"), actor=alice)
    deal.visibility = Visibility.PERSONAL
    deal.owner = bob
    with pytest.raises(ValidationError) as refused:  # a colleague: both refused
        services.deal_save(deal=deal, actor=bob)
    assert set(refused.value.message_dict) == {"owner", "visibility"}
    deal.refresh_from_db()
    assert (deal.owner, deal.visibility) == (alice, Visibility.OFFICE)

    deal.owner = bob
    services.deal_save(deal=deal, actor=admin)  # the administrator hands it over
    deal.refresh_from_db()
    assert deal.owner == bob
    assert deal.events.filter(kind="owner", from_text="Alice Agent", to_text="Bob Agent").exists()


def test_value_change_is_recorded_in_history(alice):
    deal = services.deal_save(deal=Deal(title="X", value=Decimal(100_000)), actor=alice)
    deal.value = Decimal(120_000)
    services.deal_save(deal=deal, actor=alice)
    event = deal.events.get(kind="value")
    assert (event.from_text, event.to_text) == ("100,000.00", "120,000.00")


def test_service_refuses_an_invisible_deal(bob, alice):
    deal = DealFactory(owner=alice, visibility=Visibility.PERSONAL)
    with pytest.raises(PermissionDenied):
        services.deal_save(deal=Deal.objects.get(pk=deal.pk), actor=bob)

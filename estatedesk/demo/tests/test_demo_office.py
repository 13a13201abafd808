"""The demo office: loaded once, valid, and ready to log in to."""

import phonenumbers
import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

from estatedesk.accounts.models import Office, User
from estatedesk.classification.models import Category
from estatedesk.contacts.choices import LeadStatus, RelationType
from estatedesk.contacts.models import (
    Contact,
    ContactPhone,
    Lead,
    LeadPhone,
    Relation,
    RelationPhone,
)
from estatedesk.core.choices import Visibility
from estatedesk.demo import office as demo

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo_office(django_db_setup, django_db_blocker):
    """The demo, loaded once for this module inside a transaction that is rolled back after.

    Each test still runs in its own savepoint (pytest-django's `db`), as Django's TestCase
    does with setUpTestData.
    """
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            summary = demo.load(seed=2026)
            yield Office.objects.get(name=demo.DEMO_OFFICE), summary
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def counts(office) -> dict[str, int]:
    return {
        model.__name__: model.objects.filter(office=office).count()
        for model in (Category, Lead, Contact, Relation)
    } | {"users": User.objects.filter(office=office).count()}


def test_loading_the_demo_twice_makes_it_once(demo_office):
    office, summary = demo_office
    before = counts(office)
    assert demo.DEMO_OFFICE in summary
    assert demo.load(seed=2026) == ""
    assert counts(office) == before
    assert Office.objects.filter(name=demo.DEMO_OFFICE).count() == 1


def test_demo_has_about_three_hundred_records(demo_office):
    office, _summary = demo_office
    made = counts(office)
    assert made["users"] == len(demo.LOGINS)
    assert 110 <= made["Lead"] <= 130
    assert 110 <= made["Contact"] <= 140
    assert made["Relation"] == 40
    assert 270 <= made["Lead"] + made["Contact"] + made["Relation"] <= 330


def test_every_demo_user_has_a_category_tree_of_two_or_three_levels(demo_office):
    office, _summary = demo_office
    for user in User.objects.filter(office=office):
        tree = list(Category.objects.of_user(user))
        assert 8 <= len(tree) <= 12, user
        by_pk = {c.pk: c for c in tree}

        def depth(category, by_pk=by_pk):
            return 1 if category.parent_id is None else 1 + depth(by_pk[category.parent_id])

        assert max(depth(c) for c in tree) in (2, 3), user


def test_demo_has_personal_and_office_records_of_every_kind(demo_office):
    office, _summary = demo_office
    for model in (Lead, Contact, Relation):
        records = model.objects.filter(office=office)
        assert records.filter(visibility=Visibility.PERSONAL).exists(), model
        assert records.filter(visibility=Visibility.OFFICE).exists(), model
        assert records.filter(is_active=False).exists(), model
        assert not records.filter(search_text="").exists(), model
        owners = set(records.values_list("owner_id", flat=True))
        assert owners == set(User.objects.filter(office=office).values_list("pk", flat=True))
        assert records.filter(category_links__isnull=False).exists(), model


def test_demo_records_are_valid(demo_office):
    office, _summary = demo_office
    for model in (Lead, Contact, Relation):
        for record in model.objects.filter(office=office):
            record.full_clean()
    for model in (LeadPhone, ContactPhone, RelationPhone):
        for number in model.objects.filter(office=office).values_list("number", flat=True):
            assert phonenumbers.is_valid_number(phonenumbers.parse(number)), number


def test_demo_leads_have_every_status_and_lost_ones_say_why(demo_office):
    office, _summary = demo_office
    leads = Lead.objects.filter(office=office)
    assert set(leads.values_list("status", flat=True)) == set(LeadStatus.values)
    assert not leads.filter(status=LeadStatus.LOST, lost_reason="").exists()
    assert leads.filter(status=LeadStatus.WON, converted_contact__isnull=False).exists()
    assert leads.exclude(budget_max=None).exists()
    assert leads.exclude(custom_fields={}).exists()


def test_demo_relations_have_every_type_and_contact_persons(demo_office):
    office, _summary = demo_office
    relations = Relation.objects.filter(office=office)
    assert set(relations.values_list("relation_type", flat=True)) == set(RelationType.values)
    for relation in relations:
        assert 1 <= relation.people.count() <= 3, relation


@pytest.mark.usefixtures("demo_office")
@pytest.mark.parametrize("email", [email for email, _role in demo.LOGINS])
def test_each_demo_login_can_log_in(email):
    client = Client()
    response = client.post(
        reverse("accounts:login"), {"username": email, "password": demo.PASSWORD}
    )
    assert response.status_code == 302
    assert client.get(reverse("contacts:lead_list")).status_code == 200


@pytest.mark.usefixtures("demo_office")
def test_agent_sees_the_demo_leads_and_a_merge_offer_on_conversion():
    agent = User.objects.get(email=demo.LOGINS[1][0])
    client = Client()
    client.force_login(agent)
    response = client.get(reverse("contacts:lead_list"), {"count": "1"})
    assert response.status_code == 200
    assert response.context["page"].count > 50
    # some qualified leads share an e-mail address with a contact: converting offers a merge
    offers = [
        lead
        for lead in Lead.objects.visible_to(agent).filter(status=LeadStatus.QUALIFIED)
        if b'class="match"' in client.get(reverse("contacts:lead_convert", args=[lead.pk])).content
    ]
    assert len(offers) >= 3

"""A record's page: every tab shows what it is for, and reads only the tables it shows."""

import re

import pytest

from estatedesk.classification.tests.factories import CategoryFactory
from estatedesk.contacts.models import Contact, Lead, Relation, SearchProfile
from estatedesk.contacts.services import CHILD_MODELS
from estatedesk.contacts.tests.factories import ContactFactory, LeadFactory, RelationFactory
from estatedesk.core.testing.queries import count_queries

pytestmark = pytest.mark.django_db

FACTORIES = {Lead: LeadFactory, Contact: ContactFactory, Relation: RelationFactory}


def tables_read(client, record, tab: str) -> tuple[str, str]:
    client.get(record.get_absolute_url(), {"tab": tab})  # the office lists are cached first
    with count_queries() as ctx:
        response = client.get(record.get_absolute_url(), {"tab": tab})
    assert response.status_code == 200
    return response.content.decode(), " ".join(q["sql"] for q in ctx.captured_queries)


@pytest.mark.parametrize("model", [Lead, Contact, Relation], ids=lambda m: m.__name__)
def test_each_tab_reads_only_what_it_shows(as_alice, alice, model):
    category = CategoryFactory(owner=alice, name="Sea view")
    record = FACTORIES[model](owner=alice, phones=["+31612345678"],
                              emails=["ann@example.org"], categories=[category])  # fmt: skip
    phone, email, link = (child._meta.db_table for child in CHILD_MODELS[model])

    html, sql = tables_read(as_alice, record, "details")
    assert "+31 6 12345678" in html
    assert "ann@example.org" in html
    assert phone in sql
    assert email in sql
    assert link not in sql

    html, sql = tables_read(as_alice, record, "categories")
    box = rf'<input type="checkbox" name="categories" value="{category.pk}"[^>]* checked'
    assert re.search(box, html)
    assert link in sql
    assert phone not in sql

    html, sql = tables_read(as_alice, record, "history")
    assert 'id="timeline"' in html
    for table in (phone, email, link, SearchProfile._meta.db_table):
        assert table not in sql


def test_the_details_show_twenty_phones_and_addresses_and_point_to_the_rest(as_alice, alice):
    # More than the services allow can only be written around them; the page stays bounded.
    from estatedesk.contacts.models import ContactEmail, ContactPhone

    contact = ContactFactory(owner=alice)
    ContactPhone.objects.bulk_create(
        ContactPhone(office_id=contact.office_id, record=contact, number=f"+316{i:08d}")
        for i in range(25)
    )
    ContactEmail.objects.bulk_create(
        ContactEmail(office_id=contact.office_id, record=contact, email=f"p{i}@example.org")
        for i in range(25)
    )

    page = as_alice.get(contact.get_absolute_url()).content.decode()

    assert page.count('href="tel:') == 20
    assert page.count('href="mailto:') == 20
    assert "More phones on the edit form" in page
    assert "More addresses on the edit form" in page
    assert f"/contacts/{contact.pk}/edit/" in page

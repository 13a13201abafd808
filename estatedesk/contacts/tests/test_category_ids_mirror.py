# ruff: noqa: S608 - table and column names from the models and contacts.category_ids
"""PostgreSQL: a record's `category_ids` always equals its category links, whatever wrote them
(`contacts.category_ids`); the category filter reads it there."""

import threading
import time

import pytest
from django.db import connection, connections, transaction

from estatedesk.classification.models import Category
from estatedesk.classification.tests.factories import CategoryFactory
from estatedesk.contacts import category_ids, conversion, services
from estatedesk.contacts.services import CHILD_MODELS
from estatedesk.contacts.tests.factories import ContactFactory, LeadFactory, RelationFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="the mirror column exists on PostgreSQL only"
    ),
]

FACTORIES = [LeadFactory, ContactFactory, RelationFactory]


def mirrored(record) -> list[int]:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {category_ids.COLUMN} FROM {record._meta.db_table} WHERE id = %s",
            [record.pk],
        )
        return cursor.fetchone()[0]


def linked(record) -> list[int]:
    return sorted(record.category_links.values_list("category_id", flat=True))


@pytest.mark.parametrize("factory", FACTORIES)
def test_filing_and_unfiling_through_the_service_keeps_the_mirror(factory, alice, bob):
    hot, cold = CategoryFactory(owner=alice), CategoryFactory(owner=alice)
    bobs = CategoryFactory(owner=bob)
    record = factory(owner=alice, categories=[bobs])

    services.record_set_categories(record=record, actor=alice, categories=[hot, cold])
    assert mirrored(record) == linked(record) == sorted([hot.pk, cold.pk, bobs.pk])

    services.record_set_categories(record=record, actor=alice, categories=[cold])
    assert mirrored(record) == linked(record) == sorted([cold.pk, bobs.pk])

    services.record_set_categories(record=record, actor=alice, categories=[])
    assert mirrored(record) == [bobs.pk]


@pytest.mark.parametrize("factory", FACTORIES)
def test_deleting_a_category_takes_it_out_of_every_records_mirror(factory, alice):
    parent = CategoryFactory(owner=alice)
    child = CategoryFactory(owner=alice, parent=parent)
    other = CategoryFactory(owner=alice)
    first = factory(owner=alice, categories=[child, other])
    second = factory(owner=alice, categories=[parent])

    Category.objects.filter(pk=parent.pk).delete()  # the child goes with it (cascade)

    assert mirrored(first) == [other.pk]
    assert mirrored(second) == []


def test_links_moved_to_another_record_move_in_both_mirrors(alice):
    hot, cold = CategoryFactory(owner=alice), CategoryFactory(owner=alice)
    source = ContactFactory(owner=alice, categories=[hot])
    target = ContactFactory(owner=alice, categories=[cold])
    link_model = CHILD_MODELS[type(source)][2]

    link_model.objects.filter(record=source).update(record=target)

    assert mirrored(source) == []
    assert mirrored(target) == sorted([hot.pk, cold.pk])


def test_deleting_a_filed_record_is_not_stopped_by_its_mirror(alice):
    hot = CategoryFactory(owner=alice)
    contact = ContactFactory(owner=alice, categories=[hot])
    keep = ContactFactory(owner=alice, categories=[hot])

    services.record_delete(record=contact, actor=alice)

    assert not type(contact).objects.filter(pk=contact.pk).exists()
    assert mirrored(keep) == [hot.pk]


def test_a_converted_lead_hands_its_categories_to_the_contact_and_its_mirror(alice):
    hot = CategoryFactory(owner=alice)
    lead = LeadFactory(owner=alice, categories=[hot], emails=["new@example.com"])

    contact = conversion.lead_convert(lead=lead, actor=alice)

    assert mirrored(contact) == linked(contact) == [hot.pk]


def test_the_migration_fills_the_mirror_of_links_made_before_it(alice):
    hot = CategoryFactory(owner=alice)
    contact = ContactFactory(owner=alice, categories=[hot])
    table = contact._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET {category_ids.COLUMN} = '{{}}' WHERE id = %s", [contact.pk]
        )
        cursor.execute(category_ids.refresh_all_sql(table, "contacts_contactcategory"))

    assert mirrored(contact) == [hot.pk]


@pytest.mark.django_db(transaction=True)
def test_two_people_filing_one_record_at_once_both_stay_in_its_mirror(alice, bob):
    hot, cold = CategoryFactory(owner=alice), CategoryFactory(owner=bob)
    contact = ContactFactory(owner=alice)
    link_model = CHILD_MODELS[type(contact)][2]
    first_filed, second_started = threading.Event(), threading.Event()
    errors: list[BaseException] = []

    def file(category, before=None, after=None):
        try:
            with transaction.atomic():
                if before:
                    before.wait(5)
                link_model.objects.create(office=contact.office, record=contact, category=category)
                if after:
                    after.set()
                    second_started.wait(5)
                    time.sleep(0.3)  # the second one now waits for this one's lock
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    def second():
        first_filed.wait(5)
        second_started.set()
        file(cold)

    threads = [threading.Thread(target=file, args=(hot, None, first_filed)),
               threading.Thread(target=second)]  # fmt: skip
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)

    assert not errors
    assert mirrored(contact) == linked(contact) == sorted([hot.pk, cold.pk])

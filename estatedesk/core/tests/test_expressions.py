"""The hand-written row subqueries (`core.expressions`) answer what Django's `Subquery` would."""

import pytest

from estatedesk.classification.tests.factories import CategoryFactory
from estatedesk.contacts.models import Contact, ContactCategory, ContactEmail, ContactPhone
from estatedesk.contacts.tests.factories import ContactFactory
from estatedesk.core.expressions import FirstChildValue, HasLinkTo, LinkedIds

pytestmark = pytest.mark.django_db


def test_the_first_child_value_is_the_primary_one_else_the_oldest_else_none(alice):
    primary_later = ContactFactory(owner=alice)
    primary_later.phones.create(office=alice.office, number="+31611111111")
    primary_later.phones.create(office=alice.office, number="+31622222222", is_primary=True)
    no_primary = ContactFactory(owner=alice)
    no_primary.phones.create(office=alice.office, number="+31633333333")
    no_primary.phones.create(office=alice.office, number="+31644444444")
    none = ContactFactory(owner=alice, emails=["only@example.com"])

    rows = Contact.objects.annotate(
        phone=FirstChildValue(ContactPhone, "number"),
        email=FirstChildValue(ContactEmail, "email"),
    )
    found = {row.pk: (row.phone, row.email) for row in rows}

    assert found == {
        primary_later.pk: ("+31622222222", None),
        no_primary.pk: ("+31633333333", None),
        none.pk: (None, "only@example.com"),
    }


def test_linked_ids_are_the_rows_links_to_the_given_ids_only(alice, bob):
    mine_a, mine_b = CategoryFactory(owner=alice), CategoryFactory(owner=alice)
    bobs = CategoryFactory(owner=bob)
    both = ContactFactory(owner=alice, categories=[mine_a, mine_b, bobs])
    only_bobs = ContactFactory(owner=alice, categories=[bobs])

    rows = Contact.objects.annotate(mine=LinkedIds(ContactCategory, [mine_a.pk, mine_b.pk]))
    found = {row.pk: row.mine for row in rows}

    assert sorted(found[both.pk].split(",")) == sorted([str(mine_a.pk), str(mine_b.pk)])
    assert found[only_bobs.pk] is None
    assert (
        Contact.objects.annotate(mine=LinkedIds(ContactCategory, [])).get(pk=both.pk).mine is None
    )


def test_has_link_to_keeps_the_linked_rows_also_inside_another_query(alice):
    hot, cold = CategoryFactory(owner=alice), CategoryFactory(owner=alice)
    in_hot = ContactFactory(owner=alice, categories=[hot])
    in_both = ContactFactory(owner=alice, categories=[hot, cold])
    ContactFactory(owner=alice, categories=[cold])
    ContactFactory(owner=alice)

    linked = Contact.objects.filter(HasLinkTo(ContactCategory, [hot.pk]))
    assert set(linked) == {in_hot, in_both}
    # As a subquery its outer table is relabelled (U0): the correlation must follow.
    nested = Contact.objects.filter(pk__in=linked.values("pk")).exclude(pk=in_both.pk)
    assert list(nested) == [in_hot]
    assert not Contact.objects.filter(HasLinkTo(ContactCategory, [])).exists()
    assert set(Contact.objects.exclude(HasLinkTo(ContactCategory, [hot.pk]))) == set(
        Contact.objects.exclude(pk__in=[in_hot.pk, in_both.pk])
    )

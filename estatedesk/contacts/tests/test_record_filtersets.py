"""A list's FilterSet builds its form class once per user and language, and copies its filters
one level deep per request: neither may let one user, language or request see another's."""

import pytest
from django.db.models.sql.compiler import SQLCompiler
from django.http import QueryDict
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from estatedesk.classification.models import LeadSource
from estatedesk.classification.tests.factories import CategoryFactory
from estatedesk.contacts.filtersets import ContactFilterSet
from estatedesk.contacts.models import Contact
from estatedesk.contacts.tests.factories import ContactFactory
from estatedesk.core.choices import Visibility
from estatedesk.core.models import CustomField

pytestmark = pytest.mark.django_db


def filterset_for(user, query: str = "") -> ContactFilterSet:
    request = RequestFactory().get("/contacts/", QueryDict(query))
    request.user = user
    return ContactFilterSet(request.GET, Contact.objects.visible_to(user), request=request)


def category_names(filterset: ContactFilterSet) -> set[str]:
    return {name.strip() for _pk, name in filterset.form.fields["category"].choices}


def test_each_user_is_offered_their_own_categories_however_requests_interleave(alice, bob):
    CategoryFactory(owner=alice, name="Alice's buyers")
    CategoryFactory(owner=bob, name="Bob's sellers")

    for_alice = filterset_for(alice)
    for_bob = filterset_for(bob)  # made before Alice's form is built

    assert category_names(for_alice) == {"Alice's buyers"}
    assert category_names(for_bob) == {"Bob's sellers"}
    assert category_names(filterset_for(alice)) == {"Alice's buyers"}


def test_a_users_filter_form_class_is_built_once_until_the_office_changes(alice, office):
    first = filterset_for(alice).get_form_class()

    assert filterset_for(alice).get_form_class() is first

    LeadSource.objects.create(office=office, name="Open house")
    office.refresh_from_db()  # the next request loads the office with its new stamp
    alice.office = office
    rebuilt = filterset_for(alice)

    assert rebuilt.get_form_class() is not first
    assert "Open house" in {name for _pk, name in rebuilt.form.fields["source"].choices}


def test_the_filter_form_speaks_the_language_it_is_built_in(alice, office):
    CustomField.objects.create(
        office=office, target="contact", key="keys", label="Has keys", field_type="boolean"
    )
    office.refresh_from_db()
    alice.office = office

    with translation.override("en"):
        english = filterset_for(alice).form.fields["cf_keys"].widget.choices
    with translation.override("de"):
        german = filterset_for(alice).form.fields["cf_keys"].widget.choices

    assert [label for _value, label in english] == ["---------", "Yes", "No"]
    assert [label for _value, label in german] == ["---------", "Ja", "Nein"]


def test_a_new_category_shows_in_the_filter_form_on_the_next_page(as_alice, alice):
    url = reverse("contacts:contact_list")
    assert "Investors" not in as_alice.get(url).content.decode()

    CategoryFactory(owner=alice, name="Investors")

    assert "Investors" in as_alice.get(url).content.decode()


def test_a_request_changing_its_filters_leaves_the_next_requests_alone(alice):
    changed = filterset_for(alice)
    changed.filters["city"].extra["max_length"] = 3
    changed.filters["city"].label = "Town"

    fresh = filterset_for(alice, "city=Amsterdam")

    assert fresh.filters["city"].label == "City"
    assert "max_length" not in fresh.filters["city"].extra
    assert fresh.is_valid(), fresh.errors


def test_a_filter_method_runs_on_its_own_request(alice, bob):
    mine = ContactFactory(owner=alice, last_name="Vermeer")
    ContactFactory(owner=bob, last_name="Vermeer", visibility=Visibility.PERSONAL)

    for_alice = filterset_for(alice, "q=Vermeer")
    filterset_for(bob, "q=Vermeer")  # a second instance must not take over the first's method

    assert for_alice.is_valid(), for_alice.errors
    assert list(for_alice.qs) == [mine]


def test_the_sort_choices_say_descending_in_the_users_language(alice):
    def descending_city(language: str) -> str:
        with translation.override(language):  # a label is translated when it is shown
            return str(dict(filterset_for(alice).form.fields["ordering"].choices)["-city"])

    assert descending_city("de") == "City (absteigend)"
    assert descending_city("en") == "City (descending)"
    assert descending_city("fr") == "City (décroissant)"


def test_a_list_filtering_no_source_builds_no_query_for_it(alice, office, monkeypatch):
    website = LeadSource.objects.create(office=office, name="Flyer at the open day")
    from_site = ContactFactory(owner=alice, source=website)
    walk_in = ContactFactory(owner=alice, source=None)
    compiled = []
    as_sql = SQLCompiler.as_sql

    def counting(self, *args, **kwargs):
        compiled.append(self.query.model)
        return as_sql(self, *args, **kwargs)

    warm = filterset_for(alice)  # the office's lists read into the process's cache
    assert warm.is_valid(), warm.errors
    filterset = filterset_for(alice)
    monkeypatch.setattr(SQLCompiler, "as_sql", counting)
    assert filterset.is_valid(), filterset.errors
    filterset.qs  # noqa: B018 - the filters applied, the rows not yet read

    assert filterset.form.cleaned_data["source"] == []
    assert compiled == []
    assert set(filterset.qs) == {from_site, walk_in}
    chosen = filterset_for(alice, f"source={website.pk}")
    assert chosen.is_valid(), chosen.errors
    assert list(chosen.qs) == [from_site]


def test_a_form_changing_its_fields_leaves_the_next_forms_alone(alice):
    CategoryFactory(owner=alice, name="Buyers")
    changed = filterset_for(alice).form
    changed.fields["category"].choices = [("999", "Someone else's")]
    changed.fields["active"].widget.attrs["class"] = "changed"
    changed.fields["visibility"].label = "Changed"

    fresh = filterset_for(alice).form

    assert category_names(filterset_for(alice)) == {"Buyers"}
    assert [name for _pk, name in fresh.fields["category"].widget.choices] == ["Buyers"]
    assert "class" not in fresh.fields["active"].widget.attrs
    assert fresh.fields["visibility"].label == "Shared"


def test_a_cached_form_class_still_decides_what_is_valid(alice):
    category = CategoryFactory(owner=alice, name="Buyers")
    filterset_for(alice)  # the form class built and cached

    assert filterset_for(alice, f"active=true&category={category.pk}").is_valid()
    wrong = filterset_for(alice, "active=maybe&category=0")
    assert not wrong.is_valid()
    assert set(wrong.errors) == {"active", "category"}

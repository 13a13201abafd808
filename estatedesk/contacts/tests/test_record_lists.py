"""The lists filter by category (with children), source, status, active, visibility, custom
fields; sort; page; and run the same number of SQL queries whatever the page size."""

import re

import pytest
from django.urls import reverse

from estatedesk.classification.models import LeadSource
from estatedesk.classification.tests.factories import CategoryFactory
from estatedesk.contacts import filtersets
from estatedesk.contacts.choices import LeadStatus
from estatedesk.contacts.models import ContactPerson
from estatedesk.contacts.tests.factories import ContactFactory, LeadFactory, RelationFactory
from estatedesk.core.choices import Visibility
from estatedesk.core.models import CustomField
from estatedesk.core.testing.queries import count_queries

pytestmark = pytest.mark.django_db


def shown(response, *records) -> list[bool]:
    html = response.content.decode()
    return [f'href="{r.get_absolute_url()}"' in html for r in records]


def counted(client, url: str, params: dict | None = None) -> str:
    """The result count the list page loads after itself (`?count=1`), as the user reads it."""
    response = client.get(url, {**(params or {}), "count": "1"})
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def tree(alice):
    buyers = CategoryFactory(owner=alice, name="Buyers")
    hot = CategoryFactory(owner=alice, name="Hot", parent=buyers)
    very_hot = CategoryFactory(owner=alice, name="Very hot", parent=hot)
    sellers = CategoryFactory(owner=alice, name="Sellers")
    return buyers, hot, very_hot, sellers


@pytest.mark.parametrize(
    "inline_limit",
    [10_000, 1],
    ids=["few links: read by id", "many links: index walk, each candidate looked up"],
)
def test_parent_category_matches_records_in_its_children(
    as_alice, alice, tree, inline_limit, monkeypatch
):
    monkeypatch.setattr(filtersets, "LINKED_IDS_INLINE", inline_limit)
    buyers, hot, very_hot, sellers = tree
    in_child = ContactFactory(owner=alice, categories=[hot])
    in_grandchild = ContactFactory(owner=alice, categories=[very_hot])
    in_sellers = ContactFactory(owner=alice, categories=[sellers])
    nowhere = ContactFactory(owner=alice)
    url = reverse("contacts:contact_list")

    response = as_alice.get(url, {"category": buyers.pk})
    assert shown(response, in_child, in_grandchild, in_sellers, nowhere) == [
        True, True, False, False,
    ]  # fmt: skip
    response = as_alice.get(url, {"category": very_hot.pk})
    assert shown(response, in_child, in_grandchild) == [False, True]


def test_another_users_category_filters_nothing_in(as_bob, alice, tree):
    buyers, hot, *_ = tree
    ContactFactory(owner=alice, categories=[hot])
    response = as_bob.get(reverse("contacts:contact_list"), {"category": buyers.pk})
    # Not one of Bob's choices: the filter is invalid and shows nothing rather than leaking.
    assert "Hot" not in response.content.decode().split('id="record-table"')[1]
    assert "0 results" in counted(as_bob, reverse("contacts:contact_list"), {"category": buyers.pk})


def test_list_filters_by_source_active_visibility_and_owner(as_alice, alice, bob, office):
    website = LeadSource.objects.get(office=office, name="Website")
    referral = LeadSource.objects.get(office=office, name="Referral")
    a = ContactFactory(owner=alice, source=website)
    b = ContactFactory(owner=alice, source=referral, is_active=False)
    c = ContactFactory(owner=alice, source=website, visibility=Visibility.PERSONAL)
    d = ContactFactory(owner=bob, source=website)
    url = reverse("contacts:contact_list")

    assert shown(as_alice.get(url, {"source": website.pk}), a, b, c, d) == [True, False, True, True]
    assert shown(as_alice.get(url, {"active": "false"}), a, b, c, d) == [False, True, False, False]
    assert shown(as_alice.get(url, {"visibility": "personal"}), a, b, c, d) == [
        False, False, True, False,
    ]  # fmt: skip
    assert shown(as_alice.get(url, {"owner": bob.pk}), a, b, c, d) == [False, False, False, True]
    combined = as_alice.get(url, {"source": website.pk, "active": "true", "owner": alice.pk})
    assert shown(combined, a, b, c, d) == [True, False, True, False]


def test_lead_list_filters_by_status_and_source(as_alice, alice, office):
    website = LeadSource.objects.get(office=office, name="Website")
    new = LeadFactory(owner=alice, status=LeadStatus.PROSPECT, source=website)
    qualified = LeadFactory(owner=alice, status=LeadStatus.QUALIFIED, source=website)
    lost = LeadFactory(owner=alice, status=LeadStatus.LOST, lost_reason="Bought elsewhere")
    url = reverse("contacts:lead_list")
    response = as_alice.get(url, {"status": ["qualified", "lost"]})
    assert shown(response, new, qualified, lost) == [False, True, True]
    response = as_alice.get(url, {"status": "qualified", "source": website.pk})
    assert shown(response, new, qualified, lost) == [False, True, False]


def test_relation_list_filters_by_type(as_alice, alice):
    bank = RelationFactory(owner=alice, relation_type="bank")
    developer = RelationFactory(owner=alice, relation_type="developer")
    response = as_alice.get(reverse("contacts:relation_list"), {"relation_type": "bank"})
    assert shown(response, bank, developer) == [True, False]


@pytest.mark.parametrize(
    ("field_type", "stored", "other", "query"),
    [
        ("text", "Spring fair", "Winter", "spring"),
        ("choice", "Monday", "Friday", "Monday"),
        ("boolean", True, False, "true"),
        ("number", 3, 4, "3"),
        ("date", "2026-05-01", "2026-06-01", "2026-05-01"),
    ],
)
def test_list_filters_by_custom_field(as_alice, alice, office, field_type, stored, other, query):
    CustomField.objects.create(
        office=office, target="contact", key="extra", label="Extra", field_type=field_type,
        choices=["Monday", "Friday"] if field_type == "choice" else [],
    )  # fmt: skip
    match = ContactFactory(owner=alice, custom_fields={"extra": stored})
    miss = ContactFactory(owner=alice, custom_fields={"extra": other})
    empty = ContactFactory(owner=alice)
    response = as_alice.get(reverse("contacts:contact_list"), {"cf_extra": query})
    assert shown(response, match, miss, empty) == [True, False, False]


def test_sorting_by_source_and_paging_keep_the_filters(as_alice, alice, office):
    website = LeadSource.objects.get(office=office, name="Website")
    for i in range(30):
        ContactFactory(owner=alice, last_name=f"Website{i:02d}", source=website, city="Delft")
    ContactFactory(owner=alice, last_name="Elsewhere", source=website, city="Breda")
    url = reverse("contacts:contact_list")
    response = as_alice.get(url, {"city": "Delft", "ordering": "-name"})
    html = response.content.decode()
    assert "30 results" in counted(as_alice, url, {"city": "Delft", "ordering": "-name"})
    assert html.index("Website29") < html.index("Website28")
    # The “next” link carries the filter and the sort.
    assert "city=Delft" in html
    assert "ordering=-name" in html
    page2 = as_alice.get(url, {"city": "Delft", "ordering": "-name", "page": 2}).content.decode()
    assert "Website04" in page2
    assert "Website29" not in page2
    assert "Elsewhere" not in page2


def test_htmx_request_gets_only_the_table(as_alice, alice):
    ContactFactory(owner=alice, last_name="Fragment")
    response = as_alice.get(
        reverse("contacts:contact_list"), HTTP_HX_REQUEST="true", HTTP_HX_TARGET="record-table"
    )
    html = response.content.decode()
    assert "Fragment" in html
    assert "<html" not in html
    assert 'id="filter-form"' not in html


@pytest.mark.parametrize(
    ("factory", "url_name"),
    [
        (ContactFactory, "contact_list"),
        (LeadFactory, "lead_list"),
        (RelationFactory, "relation_list"),
    ],
)
def test_list_queries_do_not_grow_with_page_size(as_alice, alice, bob, tree, factory, url_name):
    def make(n):
        for i in range(n):
            record = factory(
                owner=alice if i % 2 else bob, phones=[f"+3161234{i:04d}"],
                emails=[f"p{i}@example.org"], categories=[tree[i % 4]],
            )  # fmt: skip
            if url_name == "relation_list":
                person = ContactFactory(owner=alice)
                ContactPerson.objects.create(
                    office=record.office, relation=record, contact=person, role="finance",
                    is_primary=True,
                )  # fmt: skip

    url = reverse(f"contacts:{url_name}")
    make(5)
    with count_queries() as small:
        assert as_alice.get(url, {"per_page": 25}).status_code == 200
    make(95)
    with count_queries() as large:
        response = as_alice.get(url, {"per_page": 100})
    assert response.status_code == 200
    assert "100 results" in counted(as_alice, url, {"per_page": 100})
    assert len(large) == len(small), [q["sql"] for q in large.captured_queries]


def test_count_past_the_cap_says_more_than_and_paging_still_works(as_alice, alice, settings):
    settings.LIST_COUNT_CAP = 5
    for i in range(8):
        ContactFactory(owner=alice, last_name=f"Capped{i}")
    url = reverse("contacts:contact_list")
    first = as_alice.get(url, {"per_page": 25}).content.decode()
    assert "Capped7" in first
    assert "more than 5 results" in counted(as_alice, url, {"per_page": 25})
    settings.LIST_COUNT_CAP = 100
    assert "8 results" in counted(as_alice, url)


def test_big_lists_load_their_count_after_the_page_keeping_the_filters(as_alice, alice, office):
    # Counting a filtered million-row list costs more than its first page: the page is sent
    # without it and asks for it (?count=1) once it is shown.
    website = LeadSource.objects.get(office=office, name="Website")
    ContactFactory(owner=alice, source=website)
    ContactFactory(owner=alice)
    url = reverse("contacts:contact_list")
    with count_queries() as ctx:
        html = as_alice.get(url, {"source": website.pk}).content.decode()
    assert not [q for q in ctx.captured_queries if "COUNT(" in q["sql"].upper()]
    assert f'hx-get="?source={website.pk}&amp;page=1&amp;count=1"' in html
    assert "1 result<" in counted(as_alice, url, {"source": website.pk})


def test_page_beyond_the_end_shows_the_last_page(as_alice, alice):
    for i in range(30):
        ContactFactory(owner=alice, last_name=f"Row{i:02d}")
    page = as_alice.get(reverse("contacts:contact_list"), {"page": 99}).content.decode()
    assert "Row29" in page
    assert "Page 2<" in page


def test_filter_widgets_escape_names_and_keep_choices(as_alice, alice, office):
    evil = CategoryFactory(owner=alice, name='<script>alert("x")</script>')
    source = LeadSource.objects.get(office=office, name="Referral")
    html = as_alice.get(
        reverse("contacts:contact_list"), {"category": evil.pk, "source": source.pk, "q": '"><b>'}
    ).content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert 'value="&quot;&gt;&lt;b&gt;"' in html
    assert f'value="{evil.pk}" id="id_category_0" checked' in html
    assert f'<option value="{source.pk}" selected>Referral</option>' in html


def test_filtered_list_queries_use_no_distinct(as_alice, alice, tree, office):
    # A DISTINCT over every column would make the database sort the whole match set.
    ContactFactory(owner=alice, categories=[tree[1]])
    source = LeadSource.objects.get(office=office, name="Website")
    with count_queries() as ctx:
        as_alice.get(reverse("contacts:contact_list"), {"category": tree[0].pk,
                                                        "source": source.pk})  # fmt: skip
    assert not [q["sql"] for q in ctx.captured_queries if "DISTINCT" in q["sql"]]


@pytest.mark.parametrize(
    ("url_name", "param"),
    [
        ("contacts:contact_list", "source"),
        ("contacts:lead_list", "owner"),
        ("properties:property_list", "owner"),
        ("deals:deal_list", "stage"),
    ],
)
def test_an_id_past_64_bits_filters_nothing_instead_of_crashing(as_alice, alice, url_name, param):
    ContactFactory(owner=alice)
    response = as_alice.get(reverse(url_name), {param: "14911527078576582656"})
    assert response.status_code == 200
    assert "there is no such id" in response.content.decode()


EVIL = '<img src=x onerror="alert(1)">'
ESCAPED = "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;"


@pytest.mark.parametrize("kind", ["contact", "lead", "relation"])
def test_list_rows_escape_what_people_typed(as_alice, alice, kind):
    """The rows are written in Python (contacts.tables): every value is escaped there."""
    category = CategoryFactory(owner=alice, name=f"Cat {EVIL}")
    common = {"owner": alice, "categories": [category], "phones": ["+31612345678"],
              "emails": ["o'neil@example.com"], "visibility": Visibility.PERSONAL}  # fmt: skip
    if kind == "contact":
        ContactFactory(last_name=EVIL, first_name="Ann", city=EVIL, **common)
    elif kind == "lead":
        LeadFactory(last_name=EVIL, first_name="Ann", company=EVIL, **common)
    else:
        RelationFactory(name=EVIL, city=EVIL, **common)
    alice.full_name = f"Alice {EVIL}"
    alice.save(update_fields=["full_name"])
    html = as_alice.get(reverse(f"contacts:{kind}_list")).content.decode()
    rows = html.split("<tbody>")[1].split("</tbody>")[0]
    assert "<img" not in rows
    assert rows.count(ESCAPED) >= 3  # name (and company or city), category, owner
    assert 'href="tel:+31612345678">+31 6 12345678</a>' in rows
    assert "Personal</span>" in rows
    if kind != "relation":
        assert 'href="mailto:o&#x27;neil@example.com">o&#x27;neil@example.com</a>' in rows


def test_a_category_filter_remembers_how_to_filter_but_not_what(as_alice, alice, tree, monkeypatch):
    """Whether a subtree holds many links is probed once per process; the rows are not kept."""
    monkeypatch.setattr(filtersets, "LINKED_IDS_INLINE", 1)
    buyers, hot, *_ = tree
    first = ContactFactory(owner=alice, categories=[hot])
    ContactFactory(owner=alice, categories=[buyers])
    url = reverse("contacts:contact_list")
    as_alice.get(url)  # the office lists are cached first
    with count_queries() as probing:
        as_alice.get(url, {"category": buyers.pk})
    with count_queries() as remembering:
        as_alice.get(url, {"category": buyers.pk})
    assert len(remembering) == len(probing) - 1
    later = ContactFactory(owner=alice, categories=[hot])
    response = as_alice.get(url, {"category": buyers.pk})
    assert shown(response, first, later) == [True, True]


@pytest.mark.parametrize("factory", [ContactFactory, LeadFactory, RelationFactory])
def test_a_row_shows_my_categories_in_tree_order_never_a_colleagues(as_alice, alice, bob, factory):
    later = CategoryFactory(owner=alice, name="Zeeland", position=2)
    first = CategoryFactory(owner=alice, name="Amsterdam", position=1)
    bobs = CategoryFactory(owner=bob, name="Bob's own")
    factory(owner=alice, categories=[later, first, bobs])
    factory(owner=alice, categories=[])
    url = reverse(f"contacts:{factory._meta.model._meta.model_name}_list")
    rows = as_alice.get(url).content.decode().split("<tbody>")[1].split("</tbody>")[0]
    badges = re.findall(r'<span class="badge"><bdi>([^<]*)</bdi></span>', rows)
    assert badges == ["Amsterdam", "Zeeland"]


@pytest.mark.parametrize(
    ("factory", "url"),
    [
        (LeadFactory, "contacts:lead_list"),
        (ContactFactory, "contacts:contact_list"),
        (RelationFactory, "contacts:relation_list"),
    ],
)
def test_a_row_names_its_owner_and_source_as_they_are_now_also_when_deactivated(
    factory, url, as_alice, alice, bob, admin, office
):
    from estatedesk.accounts import services as accounts
    from estatedesk.classification import services as classification

    source = LeadSource.objects.create(office=office, name="Funda", position=99)
    factory(owner=bob, source=source)
    page = as_alice.get(reverse(url)).content.decode()
    assert "<td><bdi>Bob Agent</bdi></td>" in page
    assert "<td><bdi>Funda</bdi></td>" in page

    accounts.user_set_active(user=bob, active=False, actor=admin)
    classification.lead_source_set_active(source=source, actor=admin, active=False)
    classification.lead_source_rename(source=source, actor=admin, name="Funda.nl")
    bob.full_name = "Bob Broker"
    bob.save(update_fields=["full_name"])

    page = as_alice.get(reverse(url)).content.decode()
    assert "<td><bdi>Bob Broker</bdi></td>" in page
    assert "<td><bdi>Funda.nl</bdi></td>" in page


def test_a_page_number_past_any_database_integer_shows_the_last_page(as_alice, alice):
    ContactFactory(owner=alice, last_name="Only")

    response = as_alice.get(reverse("contacts:contact_list"), {"page": "9" * 30})

    assert response.status_code == 200
    assert "Only" in response.content.decode()

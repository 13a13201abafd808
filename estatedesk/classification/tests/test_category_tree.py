"""“My categories”: an agent builds and edits their own tree through the web client."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from estatedesk.classification import editor
from estatedesk.classification.filed import filed_records
from estatedesk.classification.models import Category
from estatedesk.classification.tests.factories import CategoryFactory
from estatedesk.classification.tests.pages import category_outline
from estatedesk.contacts.models import (
    Contact,
    ContactCategory,
    Lead,
    LeadCategory,
    Relation,
    RelationCategory,
)
from estatedesk.contacts.tests.factories import ContactFactory, LeadFactory, RelationFactory
from estatedesk.core.choices import Visibility

pytestmark = pytest.mark.django_db

TREE = reverse("classification:category_tree")
CREATE = reverse("classification:category_create")


def url(name: str, category: Category) -> str:
    return reverse(f"classification:{name}", args=[category.pk])


def page_text(response) -> str:
    """The page without its bidi isolates (<bdi> around each name)."""
    return re.sub(r"</?bdi>", "", response.content.decode())


@pytest.fixture
def buyers(alice):
    """Alice's tree: Buyers > (Hot, Cold > Very cold), and Sellers."""
    buyers = CategoryFactory(owner=alice, name="Buyers", position=1)
    CategoryFactory(owner=alice, name="Sellers", position=2)
    CategoryFactory(owner=alice, parent=buyers, name="Hot", position=1)
    cold = CategoryFactory(owner=alice, parent=buyers, name="Cold", position=2)
    CategoryFactory(owner=alice, parent=cold, name="Very cold", position=1)
    return buyers


def named(user, name: str) -> Category:
    return Category.objects.of_user(user).get(name=name)


# --- creating -------------------------------------------------------------------------------


def test_agent_builds_a_nested_tree_and_sees_it_nested(as_alice, alice):
    # given an agent without categories
    assert "You have no categories yet" in page_text(as_alice.get(TREE))
    # when she adds a top-level category, a subcategory, and one below that
    response = as_alice.post(CREATE, {"name": "Buyers"}, follow=True)
    assert "Category “<bdi>Buyers</bdi>” was added." in response.content.decode()  # name isolated
    as_alice.post(CREATE, {"name": "Hot", "parent": named(alice, "Buyers").pk})
    as_alice.post(CREATE, {"name": "Cold", "parent": named(alice, "Buyers").pk})
    response = as_alice.post(CREATE, {"name": "Very cold", "parent": named(alice, "Cold").pk},
                             follow=True)  # fmt: skip
    # then the page shows them nested, in the order they were added
    assert "Category “Very cold” was added under “Cold”." in page_text(response)
    assert category_outline(page_text(response)) == [
        ("Buyers", [("Hot", []), ("Cold", [("Very cold", [])])]),
    ]


def test_category_without_a_name_is_refused_with_a_message(as_alice, alice):
    response = as_alice.post(CREATE, {"name": "   "}, follow=True)
    assert "Give the category a name." in page_text(response)
    assert not Category.objects.of_user(alice).exists()


def test_write_redirects_back_to_the_category_in_the_tree(as_alice, buyers):
    response = as_alice.post(url("category_rename", buyers), {"name": "Purchasers"})
    assert response.status_code == 302
    assert response["Location"] == f"{TREE}#category-{buyers.pk}"


# --- renaming -------------------------------------------------------------------------------


def test_agent_renames_a_category(as_alice, buyers):
    response = as_alice.post(url("category_rename", buyers), {"name": "  Purchasers "},
                             follow=True)  # fmt: skip
    assert "“Buyers” is now called “Purchasers”." in page_text(response)
    assert category_outline(page_text(response))[0][0] == "Purchasers"


def test_renaming_to_an_empty_name_is_refused_with_a_message(as_alice, buyers):
    response = as_alice.post(url("category_rename", buyers), {"name": ""}, follow=True)
    assert "Give the category a name." in page_text(response)
    buyers.refresh_from_db()
    assert buyers.name == "Buyers"


# --- reordering and moving ------------------------------------------------------------------


def test_agent_moves_a_category_up_and_down_among_its_siblings(as_alice, alice, buyers):
    hot = named(alice, "Hot")
    response = as_alice.post(url("category_reorder", hot), {"direction": "down"}, follow=True)
    assert "“<bdi>Hot</bdi>” moved down." in response.content.decode()
    assert [name for name, _ in category_outline(page_text(response))[0][1]] == ["Cold", "Hot"]

    response = as_alice.post(url("category_reorder", hot), {"direction": "up"}, follow=True)
    assert [name for name, _ in category_outline(page_text(response))[0][1]] == ["Hot", "Cold"]
    # the top level is untouched
    assert [name for name, _ in category_outline(page_text(response))] == ["Buyers", "Sellers"]


def test_moving_the_first_category_up_changes_nothing(as_alice, buyers):
    response = as_alice.post(url("category_reorder", buyers), {"direction": "up"}, follow=True)
    assert "already at that end" in page_text(response)
    assert [name for name, _ in category_outline(page_text(response))] == ["Buyers", "Sellers"]


def test_reordering_follows_the_order_on_screen_when_positions_tie(as_alice, alice):
    # Categories made elsewhere may share a position; the page then sorts them by name.
    for name in ("Cherry", "apple", "Banana"):
        CategoryFactory(owner=alice, name=name, position=0)
    assert [n for n, _ in category_outline(page_text(as_alice.get(TREE)))] == [
        "apple", "Banana", "Cherry",
    ]  # fmt: skip
    response = as_alice.post(url("category_reorder", named(alice, "Banana")),
                             {"direction": "up"}, follow=True)  # fmt: skip
    assert [n for n, _ in category_outline(page_text(response))] == ["Banana", "apple", "Cherry"]


def test_agent_moves_a_category_with_its_subtree_under_another_parent(as_alice, alice, buyers):
    cold, sellers = named(alice, "Cold"), named(alice, "Sellers")
    response = as_alice.post(url("category_move", cold), {"parent": sellers.pk}, follow=True)
    assert "“Cold” is now under “Sellers”." in page_text(response)
    assert category_outline(page_text(response)) == [
        ("Buyers", [("Hot", [])]),
        ("Sellers", [("Cold", [("Very cold", [])])]),
    ]


def test_agent_moves_a_subcategory_to_the_top_level(as_alice, alice, buyers):
    response = as_alice.post(url("category_move", named(alice, "Hot")), {"parent": ""},
                             follow=True)  # fmt: skip
    assert "“Hot” is now at the top level." in page_text(response)
    assert [name for name, _ in category_outline(page_text(response))] == [
        "Buyers", "Sellers", "Hot",
    ]  # fmt: skip


@pytest.mark.parametrize("target", ["Buyers", "Cold", "Very cold"])
def test_category_cannot_move_under_itself_or_its_descendants(as_alice, alice, buyers, target):
    before = category_outline(page_text(as_alice.get(TREE)))
    response = as_alice.post(url("category_move", buyers), {"parent": named(alice, target).pk},
                             follow=True)  # fmt: skip
    assert "A category cannot go under itself or one of its subcategories." in page_text(response)
    assert category_outline(page_text(response)) == before


def move_choices(client, category) -> list[str]:
    """The places offered when the category's “Move to…” opens (its form, loaded by htmx)."""
    response = client.get(url("category_move", category), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    return [label.strip("\u2003") for _pk, label in response.context["move_choices"]]


def test_move_choices_leave_out_the_category_and_its_subtree(as_alice, alice, buyers):
    assert move_choices(as_alice, buyers) == ["Sellers"]
    assert move_choices(as_alice, named(alice, "Cold")) == ["Buyers", "Hot", "Sellers"]


def test_move_choices_open_as_a_page_without_javascript(as_alice, alice, buyers):
    response = as_alice.get(url("category_move", named(alice, "Cold")))
    text = page_text(response)
    assert "<html" in text
    assert "Move “Cold”" in text
    assert ">\u2003Hot</option>" in text


# --- deleting -------------------------------------------------------------------------------


def test_delete_asks_first_saying_what_goes_and_what_stays(as_alice, alice, buyers):
    ContactFactory(owner=alice, categories=[named(alice, "Very cold")])
    response = as_alice.get(url("category_delete", buyers))
    assert response.status_code == 200
    text = page_text(response)
    assert "Its 3 subcategories are deleted too." in text
    assert "1 record is filed here." in text
    assert "leads, contacts and relations filed in it are kept" in text
    assert Category.objects.filter(pk=buyers.pk).exists()


def test_deleting_a_category_keeps_the_contact_that_was_in_it(as_alice, alice, buyers):
    # given a contact in "Very cold" (below Buyers) and in "Sellers"
    very_cold, sellers = named(alice, "Very cold"), named(alice, "Sellers")
    contact = ContactFactory(owner=alice, last_name="Keeper", categories=[very_cold, sellers])
    # when Alice deletes Buyers
    response = as_alice.post(url("category_delete", buyers), follow=True)
    # then Buyers and its three subcategories are gone, and the contact is still there
    assert "“Buyers” and its 3 subcategories were deleted; the records in them were kept." in (
        page_text(response)
    )
    assert category_outline(page_text(response)) == [("Sellers", [])]
    assert Contact.objects.filter(pk=contact.pk).exists()
    # and only the link to the deleted category went: the contact is still in Sellers
    links = ContactCategory.objects.filter(record=contact)
    assert list(links.values_list("category_id", flat=True)) == [sellers.pk]
    assert as_alice.get(contact.get_absolute_url()).status_code == 200


def test_deleting_a_leaf_says_so(as_alice, alice, buyers):
    response = as_alice.post(url("category_delete", named(alice, "Hot")), follow=True)
    assert "“Hot” was deleted; the records in it were kept." in page_text(response)


# --- only one's own tree --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("category_rename", {"name": "Hacked"}),
        ("category_move", {"parent": ""}),
        ("category_reorder", {"direction": "down"}),
        ("category_delete", {}),
    ],
)
def test_colleague_cannot_change_someone_elses_category(as_bob, buyers, name, data):
    before = list(Category.objects.values_list("pk", "name", "parent_id", "position"))
    assert as_bob.post(url(name, named(buyers.owner, "Cold")), data).status_code == 404
    assert list(Category.objects.values_list("pk", "name", "parent_id", "position")) == before


def test_colleague_cannot_open_the_delete_confirmation_of_someone_elses_category(as_bob, buyers):
    assert as_bob.get(url("category_delete", buyers)).status_code == 404


def test_colleague_cannot_add_under_or_move_into_someone_elses_category(as_bob, bob, buyers):
    assert as_bob.post(CREATE, {"name": "Mine", "parent": buyers.pk}).status_code == 404
    own = CategoryFactory(owner=bob, name="Bob's")
    assert as_bob.post(url("category_move", own), {"parent": buyers.pk}).status_code == 404
    own.refresh_from_db()
    assert own.parent_id is None
    assert not Category.objects.filter(name="Mine").exists()


def test_colleague_never_sees_someone_elses_categories(as_bob, bob, buyers):
    CategoryFactory(owner=bob, name="Bob's leads")
    text = page_text(as_bob.get(TREE))
    assert category_outline(text) == [("Bob's leads", [])]
    assert "Buyers" not in text


def test_other_office_cannot_touch_the_category(as_carol, buyers):
    assert as_carol.post(url("category_rename", buyers), {"name": "X"}).status_code == 404
    assert category_outline(page_text(as_carol.get(TREE))) == []


def test_anonymous_is_sent_to_login(client, buyers):
    assert client.get(TREE).status_code == 302
    response = client.post(url("category_delete", buyers))
    assert response.status_code == 302
    assert Category.objects.filter(pk=buyers.pk).exists()


def test_writes_answer_only_posts(as_alice, buyers):
    assert as_alice.get(url("category_rename", buyers)).status_code == 405


# --- what sits in each category -------------------------------------------------------------


def test_tree_counts_the_records_the_user_can_see_in_each_category(as_alice, alice, bob, buyers):
    hot = named(alice, "Hot")
    ContactFactory(owner=alice, categories=[hot])
    LeadFactory(owner=alice, categories=[hot])
    RelationFactory(owner=alice, categories=[buyers])
    # a colleague's record Alice filed, which he has since made personal, is not counted
    ContactFactory(owner=bob, visibility=Visibility.PERSONAL, categories=[hot])
    tree = as_alice.get(TREE).context["tree"]
    by_name = {n.category.name: n for n in [tree[0], *tree[0].children]}
    assert by_name["Hot"].record_count == 2
    assert by_name["Buyers"].record_count == 1
    assert by_name["Cold"].record_count == 0
    assert "2 records" in page_text(as_alice.get(TREE))


def test_the_tree_counts_the_record_types_their_app_files_in_categories():
    # classification imports no app above it: contacts registers its three types when it loads
    assert [(f.kind, f.model, f.link_model) for f in filed_records()] == [
        ("lead", Lead, LeadCategory),
        ("contact", Contact, ContactCategory),
        ("relation", Relation, RelationCategory),
    ]


def test_tree_page_costs_the_same_queries_whatever_the_tree_size(as_alice, alice):
    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert as_alice.get(TREE).status_code == 200
        return len(ctx.captured_queries)

    CategoryFactory(owner=alice, name="Only")
    small = queries()
    for i in range(5):
        parent = CategoryFactory(owner=alice, name=f"Top {i}")
        child = CategoryFactory(owner=alice, parent=parent, name=f"Child {i}")
        ContactFactory(owner=alice, categories=[parent, child])
        LeadFactory(owner=alice, categories=[child])
    assert queries() == small


# --- htmx -----------------------------------------------------------------------------------


def test_htmx_write_answers_the_tree_container_with_its_message(as_alice, buyers):
    response = as_alice.post(url("category_rename", buyers), {"name": "Purchasers"},
                             HTTP_HX_REQUEST="true")  # fmt: skip
    assert response.status_code == 200
    text = page_text(response)
    assert text.startswith('<div id="category-tree"')
    assert "“Buyers” is now called “Purchasers”." in text
    assert "<html" not in text
    # the message was shown, so the next page does not show it again
    assert "is now called" not in page_text(as_alice.get(TREE))


# --- large trees ----------------------------------------------------------------------------


def test_a_long_level_is_paged(as_alice, alice, monkeypatch):
    monkeypatch.setattr(editor, "LEVEL_PER_PAGE", 2)
    for i, name in enumerate(["A", "B", "C"]):
        CategoryFactory(owner=alice, name=name, position=i)

    first = page_text(as_alice.get(TREE))
    second = page_text(as_alice.get(TREE, {"page": 2}))

    assert [name for name, _ in category_outline(first)] == ["A", "B"]
    assert "Page 1 of 2" in first
    assert [name for name, _ in category_outline(second)] == ["C"]


def test_subcategories_past_the_budget_are_on_their_own_page(as_alice, alice, monkeypatch):
    monkeypatch.setattr(editor, "CHILDREN_SHOWN", 2)
    top = CategoryFactory(owner=alice, name="Top", position=1)
    for i, name in enumerate(["One", "Two", "Three"]):
        CategoryFactory(owner=alice, parent=top, name=name, position=i)

    text = page_text(as_alice.get(TREE))
    own = page_text(as_alice.get(TREE, {"parent": top.pk}))

    assert category_outline(text) == [("Top", [("One", []), ("Two", [])])]
    assert f'href="/categories/?parent={top.pk}"' in text
    assert "1 more subcategory…" in text
    assert category_outline(own) == [("One", []), ("Two", []), ("Three", [])]
    assert "All categories" in own
    assert "Add a subcategory of “Top”" in own


def test_a_write_deep_in_a_large_tree_returns_to_the_page_that_shows_it(
    as_alice, alice, monkeypatch
):
    monkeypatch.setattr(editor, "CHILDREN_SHOWN", 1)
    top = CategoryFactory(owner=alice, name="Top", position=1)
    CategoryFactory(owner=alice, parent=top, name="First", position=1)
    second = CategoryFactory(owner=alice, parent=top, name="Second", position=2)

    response = as_alice.post(url("category_rename", second), {"name": "Renamed"})

    assert response["Location"] == f"{TREE}?parent={top.pk}#category-{second.pk}"

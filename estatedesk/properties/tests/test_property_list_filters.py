"""The property list narrows by type, status, price, bedrooms, area, city, project, owner and
search; sorts on allowlisted columns; and serves its table alone to htmx."""

from decimal import Decimal

import pytest
from django.urls import reverse

from estatedesk.core.testing.queries import count_queries
from estatedesk.properties.filtersets import PropertyFilterSet
from estatedesk.properties.models import Property
from estatedesk.properties.tests.factories import ProjectFactory, PropertyFactory

pytestmark = pytest.mark.django_db

URL = reverse("properties:property_list")


@pytest.fixture
def homes(alice):
    return {
        "flat": PropertyFactory(
            owner=alice,
            reference="P-FLAT",
            property_type="apartment",
            status="available",
            asking_price=Decimal("250000"),
            bedrooms=1,
            living_area=Decimal("55"),
            city="Amsterdam",
        ),
        "house": PropertyFactory(
            owner=alice,
            reference="P-HOUSE",
            property_type="house",
            status="under_offer",
            asking_price=Decimal("450000"),
            bedrooms=3,
            living_area=Decimal("120"),
            city="Utrecht",
        ),
        "villa": PropertyFactory(
            owner=alice,
            reference="P-VILLA",
            property_type="villa",
            status="sold",
            asking_price=Decimal("1250000"),
            bedrooms=5,
            living_area=Decimal("310"),
            city="Bloemendaal",
        ),
        "plot": PropertyFactory(
            owner=alice,
            reference="P-PLOT",
            property_type="land",
            status="available",
            asking_price=None,
            bedrooms=None,
            living_area=None,
            city="Utrecht",
        ),
    }


def refs(client, **params) -> list[str]:
    html = client.get(URL, params).content.decode()
    table = html.split('id="properties-table"', 1)[1]
    return sorted(ref for ref in ("P-FLAT", "P-HOUSE", "P-VILLA", "P-PLOT") if ref in table)


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, ["P-FLAT", "P-HOUSE", "P-PLOT", "P-VILLA"]),
        ({"property_type": ["house", "villa"]}, ["P-HOUSE", "P-VILLA"]),
        ({"property_type": "land"}, ["P-PLOT"]),
        ({"status": "available"}, ["P-FLAT", "P-PLOT"]),
        ({"status": ["sold", "under_offer"]}, ["P-HOUSE", "P-VILLA"]),
        ({"price_min": "300000"}, ["P-HOUSE", "P-VILLA"]),
        ({"price_max": "450000"}, ["P-FLAT", "P-HOUSE"]),
        ({"price_min": "300000", "price_max": "500000"}, ["P-HOUSE"]),
        ({"bedrooms_min": "3"}, ["P-HOUSE", "P-VILLA"]),
        ({"area_min": "100"}, ["P-HOUSE", "P-VILLA"]),
        ({"area_max": "120"}, ["P-FLAT", "P-HOUSE"]),
        ({"area_min": "60", "area_max": "200"}, ["P-HOUSE"]),
        ({"city": "utrecht"}, ["P-HOUSE", "P-PLOT"]),
        ({"q": "villa"}, ["P-VILLA"]),
        ({"q": "bloemendaal"}, ["P-VILLA"]),
    ],
    ids=lambda v: str(v),
)
def test_each_filter_narrows_the_rows(as_alice, homes, params, expected):
    assert refs(as_alice, **params) == expected


def test_filters_on_listing_kind_project_owner_visibility_and_active(as_alice, alice, bob):
    project = ProjectFactory(owner=alice)
    rent = PropertyFactory(owner=alice, reference="P-RENT", listing_kind="rent")
    unit = PropertyFactory(owner=bob, reference="P-UNIT", project=project)
    personal = PropertyFactory(owner=alice, reference="P-MINE", visibility="personal")
    inactive = PropertyFactory(owner=alice, reference="P-OLD", is_active=False)

    def shown(**params):
        html = as_alice.get(URL, params).content.decode()
        return {
            r.reference for r in (rent, unit, personal, inactive) if r.get_absolute_url() in html
        }

    assert shown(listing_kind="rent") == {"P-RENT"}
    assert shown(project=project.pk) == {"P-UNIT"}
    assert shown(owner=bob.pk) == {"P-UNIT"}
    assert shown(visibility="personal") == {"P-MINE"}
    assert shown(active="false") == {"P-OLD"}


def test_ordering_by_price_puts_unpriced_first_ascending(as_alice, homes):
    html = as_alice.get(URL, {"ordering": "price"}).content.decode()
    order = sorted(("P-FLAT", "P-HOUSE", "P-VILLA", "P-PLOT"), key=html.index)
    assert order == ["P-PLOT", "P-FLAT", "P-HOUSE", "P-VILLA"]
    html = as_alice.get(URL, {"ordering": "-area"}).content.decode()
    order = sorted(("P-FLAT", "P-HOUSE", "P-VILLA", "P-PLOT"), key=html.index)
    assert order == ["P-VILLA", "P-HOUSE", "P-FLAT", "P-PLOT"]


def test_ordering_outside_the_allowlist_is_refused(as_alice, homes):
    html = as_alice.get(URL, {"ordering": "owner__password"}).content.decode()
    assert "0 results" in html


def test_htmx_request_gets_only_the_table(as_alice, homes):
    response = as_alice.get(
        URL, {"status": "sold"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="record-table"
    )
    html = response.content.decode()
    assert "P-VILLA" in html
    assert "<html" not in html
    assert 'id="filter-form"' not in html


def test_filterset_works_without_the_web_view(rf, alice, homes):
    """The API will reuse the FilterSet: all filtering lives in it."""
    request = rf.get(URL)
    request.user = alice
    filterset = PropertyFilterSet(
        {"price_min": "200000", "bedrooms_min": "2"},
        Property.objects.visible_to(alice),
        request=request,
    )
    assert filterset.is_valid()
    assert sorted(p.reference for p in filterset.qs) == ["P-HOUSE", "P-VILLA"]


def test_list_runs_a_fixed_number_of_queries(as_alice, alice):
    project = ProjectFactory(owner=alice)

    def queries():
        with count_queries() as ctx:
            assert as_alice.get(URL).status_code == 200
        return len(ctx)

    PropertyFactory.create_batch(2, owner=alice, project=project)
    queries()  # the first view reads the office's users (accounts.officecache)
    few = queries()
    PropertyFactory.create_batch(10, owner=alice, project=project)
    assert queries() == few


@pytest.mark.parametrize("url_name", ["properties:property_list", "properties:project_list"])
def test_the_owner_filter_offers_and_checks_the_offices_active_users_without_a_query(
    as_alice, alice, bob, carol, url_name
):
    url = reverse(url_name)
    as_alice.get(url)  # the first view reads the office's users (accounts.officecache)
    with count_queries() as ctx:
        html = as_alice.get(url).content.decode()
    users_read = [q["sql"] for q in ctx.captured_queries if 'FROM "accounts_user"' in q["sql"]]
    # None: the session's user comes with the session row (accounts.sessions), the owner
    # choices from the office cache.
    assert users_read == []
    assert f'<option value="{bob.pk}">Bob Agent</option>' in html
    assert f'value="{carol.pk}"' not in html  # another office's agent
    refused = as_alice.get(url, {"owner": carol.pk})
    assert "Select a valid choice" in refused.content.decode()

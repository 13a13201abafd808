"""Every classification URL with an object id, page and API, answers each persona as the rules
say: a category is its owner's alone; lead sources are the office administrator's to change,
every agent of the office reads them through the API."""

import itertools

import pytest

from estatedesk.classification import services
from estatedesk.core.testing.matrix import (
    ADMIN_ONLY,
    OFFICE,
    PERSONAL,
    Matrix,
    Route,
    check_route,
    matrix_cases,
)

from .factories import CategoryFactory

pytestmark = pytest.mark.django_db

_source_names = itertools.count(1)


def _category(users):
    return CategoryFactory(owner=users.owner)


def _source(users):
    return services.lead_source_create(
        actor=users.office_admin, name=f"Matrix source {next(_source_names)}"
    )


CATEGORY_ROUTES = (
    Route("classification:category_rename", "post", {"name": "Renamed"}),
    Route("classification:category_move"),
    Route("classification:category_move", "post", {"parent": ""}),
    Route("classification:category_reorder", "post", {"direction": "up"}),
    Route("classification:category_delete"),
    Route("classification:category_delete", "post"),
    Route("api:category-detail"),
    Route("api:category-detail", "patch", {}),
    Route("api:category-detail", "delete"),
)
SOURCE_SETUP_ROUTES = (
    Route("setup:source_rename"),
    Route("setup:source_rename", "post", {"name": "Renamed"}),
    Route("setup:source_move", "post", {"direction": "up"}),
    Route("setup:source_active", "post", {"active": "0"}),
)
# Agents read the office's sources; only the administrator changes them (403: they exist).
ADMIN_WRITES = {"owner": 403, "colleague": 403}
SOURCE_API_ROUTES = (
    Route("api:lead-source-detail"),
    # Deviation: the write permission is checked before the lookup, so another office's agent
    # gets 403 (not 404) for a source it cannot see; it tells nothing, any id answers so.
    Route("api:lead-source-detail", "patch", {}, expect=ADMIN_WRITES,
          deviates={"other_office": 403}),
)  # fmt: skip

MATRICES = [
    # A category is its owner's: to anyone else, the administrator too, it does not exist.
    Matrix("category", _category, CATEGORY_ROUTES, PERSONAL),
    Matrix("lead source setup", _source, SOURCE_SETUP_ROUTES, ADMIN_ONLY),
    Matrix("lead source API", _source, SOURCE_API_ROUTES, OFFICE),
]


@pytest.mark.parametrize(("matrix", "route"), matrix_cases(MATRICES))
def test_each_persona_gets_the_documented_answer(matrix, route, personas):
    check_route(matrix, route, personas)

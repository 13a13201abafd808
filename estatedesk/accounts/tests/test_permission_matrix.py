"""Every Setup URL with an object id (users, custom fields) and the custom-field API answer each
persona as the rules say: Setup is the office administrator's, and does not exist for anyone
else (404); every agent of the office reads the field definitions through the API."""

import itertools

import pytest

from estatedesk.core import services as core_services
from estatedesk.core.models import CustomFieldTarget, CustomFieldType
from estatedesk.core.testing.matrix import (
    ADMIN_ONLY,
    OFFICE,
    Matrix,
    Route,
    check_route,
    matrix_cases,
)

from .factories import UserFactory

pytestmark = pytest.mark.django_db

_field_keys = itertools.count(1)


def _agent(users):
    """Another agent of the office, the one the administrator manages."""
    return UserFactory(office=users.owner.office)


def _field(users):
    return core_services.custom_field_create(
        actor=users.office_admin, target=CustomFieldTarget.CONTACT,
        key=f"matrix_{next(_field_keys)}", label="Budget note", field_type=CustomFieldType.TEXT,
    )  # fmt: skip


USER_ROUTES = (
    Route("setup:user_detail"),
    Route("setup:user_role", "post", {"role": "admin"}),
    Route("setup:user_active", "post", {"active": "0"}),
    Route("setup:user_handover"),
    Route("setup:user_handover", "post", {}, ok=422),  # reached the form: no one to hand to
)
FIELD_SETUP_ROUTES = (
    Route("setup:field_edit"),
    Route("setup:field_edit", "post", {}, ok=422),  # reached the form: nothing valid
    Route("setup:field_active", "post", {"active": "0"}),
)
FIELD_API_ROUTES = (
    Route("api:custom-field-detail"),
    # Agents read the definitions; only the administrator changes them (403: they exist).
    # Deviation: the write permission is checked before the lookup, so another office's agent
    # gets 403 (not 404) for a field it cannot see; it tells nothing, any id answers so.
    Route("api:custom-field-detail", "patch", {}, expect={"owner": 403, "colleague": 403},
          deviates={"other_office": 403}),
)  # fmt: skip

MATRICES = [
    Matrix("office user", _agent, USER_ROUTES, ADMIN_ONLY),
    Matrix("custom field setup", _field, FIELD_SETUP_ROUTES, ADMIN_ONLY),
    Matrix("custom field API", _field, FIELD_API_ROUTES, OFFICE),
]


@pytest.mark.parametrize(("matrix", "route"), matrix_cases(MATRICES))
def test_each_persona_gets_the_documented_answer(matrix, route, personas):
    check_route(matrix, route, personas)

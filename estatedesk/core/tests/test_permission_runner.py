"""The permission-matrix runner: a route refines only what the matrix lets in, a recorded
deviation is explicit, and a wrong status fails showing every persona's answer."""

import pytest

from estatedesk.core.testing.matrix import (
    ADMIN_ONLY,
    LOGIN,
    PERSONAL,
    Matrix,
    Route,
    check_route,
)


def _itself(users):
    return users.owner


def test_a_route_cannot_open_what_the_matrix_keeps_closed():
    matrix = Matrix("record", _itself, (), PERSONAL)
    route = Route("contacts:contact_delete", "post", expect={"owner": 303, "colleague": 200})

    assert matrix.expected(route, api=False) == {"anonymous": LOGIN, "owner": 303,
                                                 "colleague": 404, "office_admin": 404,
                                                 "other_office": 404}  # fmt: skip


def test_a_deviation_is_recorded_for_any_persona_and_the_api_answers_anonymous_401():
    matrix = Matrix("record", _itself, (), PERSONAL)
    route = Route("api:contact-detail", "delete", deviates={"other_office": 403})

    expected = matrix.expected(route, api=True)

    assert expected == {"anonymous": 401, "owner": 204, "colleague": 404, "office_admin": 404,
                        "other_office": 403}  # fmt: skip


@pytest.mark.django_db
def test_a_wrong_status_fails_showing_the_whole_row(personas):
    # The owner (an agent) is said to reach Setup's page about themselves: they do not.
    route = Route("setup:user_detail", expect={})
    wrong = Matrix("user", _itself, (route,), {**ADMIN_ONLY, "owner": 200})

    with pytest.raises(AssertionError) as failure:
        check_route(wrong, route, personas)

    assert "GET setup:user_detail (user)" in str(failure.value)
    assert "got {'anonymous': 'login', 'owner': 404, 'colleague': 404, 'office_admin': 200, " \
           "'other_office': 404}" in str(failure.value)  # fmt: skip

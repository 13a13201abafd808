"""An id or number no database column can hold is a 400 naming the filter, never a 500."""

import pytest

TOO_BIG = "99999999999999999999999"  # past a 64-bit integer: the database driver refuses it


@pytest.mark.parametrize(
    ("path", "name"),
    [
        ("/api/tasks/", "contact"),
        ("/api/tasks/", "lead"),
        ("/api/tasks/", "relation"),
        ("/api/activities/", "contact"),
        ("/api/activities/", "logged_by"),
        ("/api/property-links/", "property"),
        ("/api/property-links/", "contact"),
        ("/api/property-links/", "relation"),
        ("/api/property-links/", "lead"),
    ],
)
@pytest.mark.parametrize("value", [TOO_BIG, f"-{TOO_BIG}"])
def test_an_id_filter_out_of_range_is_a_400_naming_it(alice_api, path, name, value):
    response = alice_api.get(path, {name: value})

    assert response.status_code == 400, response.content
    assert response.json() == {name: ["There is no such id."]}


def test_an_assignee_out_of_range_finds_no_task(alice_api):
    response = alice_api.get("/api/tasks/", {"assignee": TOO_BIG})

    assert response.status_code == 200, response.content
    assert response.json()["results"] == []

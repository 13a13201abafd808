"""Who may use Setup: the office's administrators, for their own office only."""

import pytest
from django.urls import reverse

from estatedesk.accounts.choices import Role
from estatedesk.accounts.tests.factories import UserFactory
from estatedesk.classification.models import LeadSource
from estatedesk.core import services as core_services
from estatedesk.core.models import CustomField

pytestmark = pytest.mark.django_db

# (url name, the kind of object in its path, the methods it answers)
GET, POST, BOTH = ("get",), ("post",), ("get", "post")
SETUP_URLS = [
    ("setup:index", None, GET),
    ("setup:users", None, GET),
    ("setup:user_invite", None, BOTH),
    ("setup:user_detail", "user", GET),
    ("setup:user_role", "user", POST),
    ("setup:user_active", "user", POST),
    ("setup:user_handover", "user", BOTH),
    ("setup:office", None, BOTH),
    ("setup:sources", None, BOTH),
    ("setup:source_rename", "source", BOTH),
    ("setup:source_move", "source", POST),
    ("setup:source_active", "source", POST),
    ("setup:fields", None, GET),
    ("setup:field_create", None, BOTH),
    ("setup:field_edit", "field", BOTH),
    ("setup:field_active", "field", POST),
]
OBJECT_URLS = [(name, kind, methods) for name, kind, methods in SETUP_URLS if kind]

# What each POST would change if it were let through.
HARMFUL_POSTS = {
    "setup:user_role": {"role": Role.ADMIN},
    "setup:user_active": {"active": "0"},
    "setup:user_handover": {"to_user": "{bob}"},
    "setup:source_rename": {"name": "Hacked"},
    "setup:source_move": {"direction": "down"},
    "setup:source_active": {"active": "0"},
    "setup:field_edit": {"target": "contact", "key": "hacked", "label": "Hacked",
                         "field_type": "text"},
    "setup:field_active": {"active": "0"},
}  # fmt: skip


@pytest.fixture
def objects(admin, alice, bob, office):
    source = LeadSource.objects.for_office(office.pk).first()
    field = core_services.custom_field_create(
        actor=admin, target="contact", key="favourite_area", label="Favourite area",
        field_type="text",
    )  # fmt: skip
    return {"user": alice, "source": source, "field": field, "bob": bob}


def _url(name: str, kind: str | None, objects: dict) -> str:
    return reverse(name, args=[objects[kind].pk]) if kind else reverse(name)


def _post_data(name: str, objects: dict) -> dict:
    data = HARMFUL_POSTS.get(name, {})
    return {k: (objects["bob"].pk if v == "{bob}" else v) for k, v in data.items()}


@pytest.mark.parametrize(("name", "kind", "methods"), SETUP_URLS)
def test_agent_gets_404_on_every_setup_url(as_alice, objects, name, kind, methods):
    url = _url(name, kind, objects)
    assert as_alice.get(url).status_code == 404
    assert as_alice.post(url, _post_data(name, objects)).status_code == 404


@pytest.mark.parametrize(("name", "kind", "methods"), SETUP_URLS)
def test_anonymous_is_sent_to_login_from_every_setup_url(client, objects, name, kind, methods):
    for method in methods:
        response = getattr(client, method)(_url(name, kind, objects), _post_data(name, objects))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize(
    ("name", "kind"), [(n, k) for n, k, methods in SETUP_URLS if "get" in methods]
)
def test_admin_can_open_every_setup_page(as_admin, objects, name, kind):
    assert as_admin.get(_url(name, kind, objects)).status_code == 200


def test_setup_link_shows_only_to_administrators(as_admin, as_alice):
    setup_link = f'href="{reverse("setup:index")}"'
    assert setup_link in as_admin.get(reverse("contacts:contact_list")).content.decode()
    assert setup_link not in as_alice.get(reverse("contacts:contact_list")).content.decode()


@pytest.fixture
def as_other_admin(client, other_office):
    client.force_login(UserFactory(office=other_office, role=Role.ADMIN))
    return client


@pytest.mark.parametrize(("name", "kind", "methods"), OBJECT_URLS)
def test_other_office_admin_gets_404_for_this_offices_objects(
    as_other_admin, objects, name, kind, methods
):
    url = _url(name, kind, objects)
    for method in methods:
        response = getattr(as_other_admin, method)(url, _post_data(name, objects))
        assert response.status_code == 404
    # Nothing changed.
    alice, source, field = objects["user"], objects["source"], objects["field"]
    alice.refresh_from_db()
    source_before = (source.name, source.position, source.is_active)
    source.refresh_from_db()
    field.refresh_from_db()
    assert (alice.role, alice.is_active) == (Role.AGENT, True)
    assert (source.name, source.position, source.is_active) == source_before
    assert (field.key, field.label, field.is_active) == ("favourite_area", "Favourite area", True)


def test_other_office_admin_does_not_see_this_offices_users_sources_or_fields(
    as_other_admin, objects
):
    users = as_other_admin.get(reverse("setup:users")).content.decode()
    assert objects["user"].email not in users
    fields = as_other_admin.get(reverse("setup:fields")).content.decode()
    assert "favourite_area" not in fields
    sources = as_other_admin.get(reverse("setup:sources")).content.decode()
    assert f'id="source-{objects["source"].pk}"' not in sources
    assert not CustomField.objects.filter(key="hacked").exists()

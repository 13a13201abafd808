"""Portal clients get nothing from the back office: every URL of the URLconf outside the
portal, walked as a logged-in portal client, answers a redirect to the portal or a 404 (the
API a JSON 404), so a URL added later without protection fails here. And the portal's own
pages are closed to staff."""

import re

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.resolvers import RegexPattern, RoutePattern

from estatedesk.api.services import token_create

pytestmark = pytest.mark.django_db

SAMPLES = {"int": "1", "str": "x", "slug": "x", "path": "x/y",
           "uuid": "00000000-0000-0000-0000-000000000001"}  # fmt: skip


def _sample(pattern) -> str:
    if isinstance(pattern, RoutePattern):
        route = str(pattern)
        return re.sub(r"<(?:(\w+):)?\w+>", lambda m: SAMPLES.get(m.group(1) or "str", "x"), route)
    if isinstance(pattern, RegexPattern):
        text = pattern.regex.pattern.lstrip("^").rstrip("$")
        text = re.sub(r"\(\?P<\w+>[^)]*\)", "1", text)
        return text.replace("\\.", ".").replace("/?", "/").replace("?", "")
    return str(pattern)


def _walk(patterns, prefix: str = ""):
    for entry in patterns:
        here = prefix + _sample(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _walk(entry.url_patterns, here)
        elif isinstance(entry, URLPattern):
            yield entry.name or str(entry.pattern), "/" + here


def back_office_urls() -> list[tuple[str, str]]:
    urls = {path: name for name, path in _walk(get_resolver().url_patterns)}
    return sorted(
        ((name, path) for path, name in urls.items() if not path.startswith("/portal/")),
        key=lambda item: item[1],
    )


BACK_OFFICE = back_office_urls()


def test_the_walk_finds_the_back_office():
    paths = {path for _name, path in BACK_OFFICE}
    assert "/contacts/" in paths or any(p.startswith("/contacts/") for p in paths)
    assert any(p.startswith("/api/") for p in paths)
    assert any(p.startswith("/client-portal/") for p in paths)
    assert len(BACK_OFFICE) > 100


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_portal_client_gets_nothing_from_any_back_office_url(as_ann, method):
    # given a logged-in portal client; when they call every URL outside the portal
    leaks = []
    for name, path in BACK_OFFICE:
        response = getattr(as_ann, method)(path)
        status = response.status_code
        if status in (301, 302, 303, 307, 308):
            where = response["Location"]
            if not where.startswith("/portal/"):
                leaks.append(f"{method.upper()} {path} ({name}): {status} to {where}")
        elif status != 404:
            leaks.append(f"{method.upper()} {path} ({name}): {status}")
    # then each one sends them back to the portal or does not exist for them
    assert not leaks, "\n".join(leaks)


def test_the_api_answers_a_portal_client_with_the_api_404(as_ann):
    response = as_ann.get("/api/contacts/", HTTP_ACCEPT="application/json")

    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_a_back_office_page_sends_a_portal_client_to_the_portal(as_ann):
    response = as_ann.get(reverse("contacts:contact_list"))

    assert response.status_code == 302
    assert response["Location"] == reverse("portal:home")


def test_a_portal_client_cannot_get_an_api_token(ann):
    with pytest.raises(PermissionDenied):
        token_create(actor=ann.user, name="mine")


def test_staff_pages_work_for_staff_still(as_alice):
    assert as_alice.get(reverse("contacts:contact_list")).status_code == 200


# The portal's own pages of the access work, the other way round.
CLIENT_PAGES = ["portal:home", "portal:switch", "portal:password_change", "portal:brand_css"]


@pytest.mark.parametrize("name", CLIENT_PAGES)
def test_portal_pages_are_closed_to_staff_and_other_visitors(name, as_alice, client, as_ann):
    url = reverse(name)

    assert as_alice.get(url).status_code == 404
    anonymous = client.get(url)
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(reverse("portal:login"))
    assert as_ann.get(url).status_code in (200, 302)

"""Every page answers with a Content-Security-Policy, and no page holds what that policy would
block: inline scripts, on*= and hx-on handlers, javascript: links, inline styles."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from estatedesk.core.testing.csp import inline_code, url_names_without_arguments
from estatedesk.core.testing.matrix import is_api, matrix_cases
from estatedesk.core.testing.urlcoverage import project_matrices

pytestmark = pytest.mark.django_db

# Pages of an app's matrix that answer GET; each is opened by the owner of a fresh object.
# A matrix that lets no staff persona in (the client portal's pages, which only a portal client
# opens) has no page to open here: its app checks the policy as its client.
GET_ROUTES = [
    case
    for case in matrix_cases(project_matrices())
    if case.values[1].method == "get"  # type: ignore[union-attr]
    and "ok" in case.values[0].expect.values()  # type: ignore[union-attr]
]
# The API's docs pages are drf-spectacular's, with their own allowances (see api/urls.py).
DOCS = {"api:docs", "api:redoc"}


def directives(response) -> dict[str, list[str]]:
    header = response.headers.get("Content-Security-Policy", "")
    parts = (part.split() for part in header.split(";") if part.strip())
    return {name: sources for name, *sources in parts}


def assert_page_keeps_to_the_policy(response, name: str) -> None:
    policy = directives(response)
    assert policy, f"{name}: no Content-Security-Policy header"
    if "sandbox" in policy:  # a download's own, stricter policy (documents)
        return
    assert policy["script-src"][0] == "'self'", name
    assert "'unsafe-inline'" not in policy["script-src"], name
    assert "'unsafe-eval'" not in policy["script-src"], name
    assert policy["object-src"] == ["'none'"], name
    assert policy["frame-ancestors"] == ["'none'"], name
    assert policy["base-uri"] == ["'self'"], name
    assert policy["form-action"] == ["'self'"], name
    if name not in DOCS:
        assert policy["style-src"] == ["'self'"], name
    if response.get("Content-Type", "").startswith("text/html"):
        problems = inline_code(response.content.decode())
        if name in DOCS:  # their styles are allowed; their scripts are not
            problems = [p for p in problems if "style" not in p.split(":")[0]]
        assert not problems, f"{name} ({response.request['PATH_INFO']}):\n" + "\n".join(problems)


def test_the_policy_is_the_documented_one(client):
    policy = directives(client.get(reverse("accounts:login")))

    assert policy == {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }


@pytest.mark.parametrize("name", url_names_without_arguments())
def test_every_page_without_arguments_keeps_to_the_policy(name, as_admin, client):
    url = reverse(name)
    # Signed in as the office administrator (every setup page opens), and anonymous.
    for caller in (as_admin, client):
        response = caller.get(url)
        assert_page_keeps_to_the_policy(response, name)


@pytest.mark.parametrize(("matrix", "route"), GET_ROUTES)
def test_every_page_of_a_record_keeps_to_the_policy(matrix, route, personas):
    obj = matrix.factory(personas.users)
    caller = personas.clients["owner"]
    if matrix.expect["owner"] != "ok":
        caller = personas.clients["office_admin"]
    url = route.url(obj)
    response = caller.get(url, HTTP_ACCEPT="application/json" if is_api(url) else "*/*")

    assert response.status_code < 400, f"{route.name}: {response.status_code}"
    assert_page_keeps_to_the_policy(response, route.name)


def test_an_htmx_fragment_keeps_to_the_policy_too(as_alice):
    response = as_alice.get(reverse("contacts:contact_list"), HTTP_HX_REQUEST="true")

    assert_page_keeps_to_the_policy(response, "contacts:contact_list (htmx)")


def test_a_script_given_the_nonce_is_allowed_and_named_in_the_header():
    html = '<script nonce="abc">go()</script><script src="/static/x.js"></script>'
    assert inline_code(html) == []


@pytest.mark.parametrize(
    "html",
    [
        "<script>alert(1)</script>",
        '<a href="#" onclick="go()">x</a>',
        '<a hx-on:click="go()">x</a>',
        '<a href="javascript:go()">x</a>',
        '<p style="color: red">x</p>',
        "<style>p { color: red }</style>",
        "<input hx-vals='js:{q: 1}'>",
    ],
)
def test_the_finder_names_what_the_policy_blocks(html):
    assert len(inline_code(html)) == 1


def test_escaped_markup_shown_as_text_is_not_code():
    # The web-form embed snippet is shown escaped in a <pre>: text, not an element.
    assert inline_code("<pre>&lt;p style=&quot;x&quot; onclick=&quot;y&quot;&gt;</pre>") == []


def test_the_api_answers_with_the_policy_too(alice_api):
    response = alice_api.get(reverse("api:contact-list"))

    assert response.status_code == 200
    assert directives(response)["default-src"] == ["'self'"]


def test_anonymous_client_gets_the_policy_on_the_login_redirect():
    response = Client().get(reverse("contacts:contact_list"))

    assert response.status_code == 302
    assert directives(response)

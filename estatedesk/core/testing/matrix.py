"""A permission matrix: every URL with an object id × anonymous, owner, colleague, office
administrator and another office's agent, each with the status the sharing rules give.

An app lists its routes in a `Matrix` (how to make the object, what each persona gets) and
parametrises one test with `matrix_cases`; `check_route` makes a fresh object per persona, calls
the URL as each of them and compares all five answers at once, so a failure shows the whole row.
`estatedesk.core.testing.urlcoverage` then fails for any URL with an object id in no matrix.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.http import HttpResponse
from django.test import Client
from django.urls import resolve, reverse
from rest_framework.views import APIView

# Anonymous on a page: a redirect to the login page (any other 302 is recorded as 302).
LOGIN = "login"
# Stands for the route's `ok` status in a matrix's expectations (see `Route.ok_status`).
OK = "ok"

PERSONAS = ("anonymous", "owner", "colleague", "office_admin", "other_office")

Status = int | str
Expectations = Mapping[str, Status]

# The rows the sharing rules give (an API answers anonymous callers 401 instead of LOGIN).
PERSONAL: Expectations = {"anonymous": LOGIN, "owner": OK, "colleague": 404,
                          "office_admin": 404, "other_office": 404}  # fmt: skip
OFFICE: Expectations = {"anonymous": LOGIN, "owner": OK, "colleague": OK,
                        "office_admin": OK, "other_office": 404}  # fmt: skip
ADMIN_ONLY: Expectations = {"anonymous": LOGIN, "owner": 404, "colleague": 404,
                            "office_admin": OK, "other_office": 404}  # fmt: skip


@dataclass(frozen=True)
class Route:
    """One URL of a matrix: `Route("deals:deal_move", "post", data=lambda deal: {...})`.

    `kwargs` builds the URL's arguments from the object (default: its pk); `data` is a dict or
    builds one from the object; `ok` is what an allowed persona gets (see `ok_status`); `expect`
    gives single personas among those the matrix lets in another status (a colleague's 403 on
    an owner-only action). `deviates` records where the code breaks the rules today (a 403
    where the rules say 404): it overrides any persona, so that each exception is written
    down in one searchable place until it is fixed.
    """

    name: str
    method: str = "get"
    data: dict | Callable[[Any], dict] | None = None
    kwargs: Callable[[Any], dict] | None = None
    ok: int | None = None
    expect: Expectations = field(default_factory=dict)
    deviates: Expectations = field(default_factory=dict)

    def url(self, obj: Any) -> str:
        kwargs = self.kwargs(obj) if self.kwargs else {"pk": obj.pk}
        return reverse(self.name, kwargs=kwargs)

    def payload(self, obj: Any) -> dict:
        return (self.data(obj) if callable(self.data) else self.data) or {}

    def ok_status(self, *, api: bool) -> int:
        """What an allowed persona gets unless `ok` says otherwise: a page 200, a form post
        its redirect; an API call 200, a created object 201, a deletion 204."""
        if self.ok is not None:
            return self.ok
        if self.method in ("get", "head"):
            return 200
        if api:
            return {"post": 201, "delete": 204}.get(self.method, 200)
        return 302


@dataclass(frozen=True)
class Users:
    """The personas' users, for a factory: the owner is Alice, the colleague Bob, the office
    administrator Ada, and Carol is an agent of another office."""

    owner: Any
    colleague: Any
    office_admin: Any
    other_office: Any


@dataclass(frozen=True)
class Personas:
    users: Users
    clients: Mapping[str, Client]


@dataclass(frozen=True)
class Matrix:
    """Routes that share an object factory and a row of expectations.

    An API route (a REST framework view) gets JSON bodies, and anonymous callers get the
    API's 401 instead of the login redirect.
    """

    name: str
    factory: Callable[[Users], Any]
    routes: tuple[Route, ...]
    expect: Expectations

    def expected(self, route: Route, *, api: bool) -> dict[str, Status]:
        row = {**self.expect, **({"anonymous": 401} if api else {})}
        # A route refines only what the personas the matrix lets in get: what they may not
        # see stays a 404 whatever the route says.
        expected = {
            persona: route.expect.get(persona, route.ok_status(api=api)) if row[persona] == OK
            else row[persona]
            for persona in PERSONAS
        }  # fmt: skip
        return {**expected, **route.deviates}

    def url_names(self) -> set[str]:
        return {route.name for route in self.routes}


def matrix_cases(matrices: Iterable[Matrix]) -> list:
    """pytest parameters (matrix, route), one per route, named "<matrix>|<url name>|<method>"."""
    return [
        pytest.param(matrix, route, id=f"{matrix.name}|{route.name}|{route.method}")
        for matrix in matrices
        for route in matrix.routes
    ]


def is_api(url: str) -> bool:
    func = resolve(url).func
    # A viewset's view carries `cls`; other views `view_class` (REST framework's too).
    view_class = getattr(func, "cls", None) or getattr(func, "view_class", None)
    return isinstance(view_class, type) and issubclass(view_class, APIView)


def _answer(response: HttpResponse, *, anonymous: bool, api: bool) -> Status:
    to_login = response.status_code == 302 and response["Location"].startswith(
        reverse("accounts:login")
    )
    return LOGIN if anonymous and not api and to_login else response.status_code


def call(client: Client, route: Route, obj: Any, *, api: bool) -> HttpResponse:
    send = getattr(client, route.method)
    url, payload = route.url(obj), route.payload(obj)
    if api and route.method not in ("get", "head"):
        return send(url, json.dumps(payload), content_type="application/json")
    return send(url, payload)


def check_route(matrix: Matrix, route: Route, personas: Personas) -> None:
    """Each persona, on a fresh object, gets the status the matrix says."""
    actual: dict[str, Status] = {}
    api = False
    for persona in PERSONAS:
        obj = matrix.factory(personas.users)
        api = is_api(route.url(obj))
        response = call(personas.clients[persona], route, obj, api=api)
        actual[persona] = _answer(response, anonymous=persona == "anonymous", api=api)
    expected = matrix.expected(route, api=api)
    assert actual == expected, (
        f"{route.method.upper()} {route.name} ({matrix.name}): expected {expected}, got {actual}"
    )


def record_routes(model_name: str) -> list[Route]:
    """The URLs every lead, contact and relation has (used by contacts' first matrix)."""
    routes = [
        Route(f"contacts:{model_name}_detail"),
        Route(f"contacts:{model_name}_edit"),
        Route(f"contacts:{model_name}_delete"),
        Route(f"contacts:{model_name}_categories", "post", {"categories": []}),
        Route(f"contacts:{model_name}_share", "post", {"visibility": "office"}),
    ]
    if model_name == "lead":
        routes.append(Route("contacts:lead_convert"))
    if model_name == "relation":
        routes.append(Route("contacts:relation_person_add", "post", {}))
    return routes

"""Locust journeys of an estate agent for `make load` / `make soak` (bench/load.py runs it).

Each simulated agent logs in as one of the bench data set's agents (bench/README.md), then
keeps doing what agents do all day: open the contacts and leads lists, filter, search, open a
contact, log a call on it, and now and then create a lead. Forms are sent back the way a
browser would: every field the page rendered, with the few the journey fills in changed.
"""

from __future__ import annotations

import itertools
import os
import random
import re
from html.parser import HTMLParser

from locust import HttpUser, between, task

PASSWORD = "bench-pass-123"  # noqa: S105 - the published password of generated bench users
OFFICES = 10
AGENTS_PER_OFFICE = 19
SEARCH_WORDS = ["van", "de", "an", "el", "mar", "jan", "son", "ber", "06", "example"]
LEAD_STATUSES = ["prospect", "qualified", "negotiating"]
CONTACT_LINK = re.compile(r'href="(/contacts/(\d+)/)"')

# Seconds an agent pauses between steps (bench/load.py --wait): people read what they opened;
# "0,0" drives the server as hard as the users can, to find its peak.
WAIT_MIN, WAIT_MAX = (float(x) for x in os.environ.get("ESTATEDESK_LOAD_WAIT", "1,3").split(","))

# Agents are handed out in turn: office 1 first (it holds 40 % of the records), then the rest.
_logins = itertools.count()


def next_login() -> str:
    n = next(_logins)
    agent = n % AGENTS_PER_OFFICE + 1
    office = (n // AGENTS_PER_OFFICE) % OFFICES + 1
    return f"agent{agent:02d}@office{office:02d}.bench.example"


class FormFields(HTMLParser):
    """The fields a browser would submit from the first <form> with a given action."""

    def __init__(self, action: str) -> None:
        super().__init__(convert_charrefs=True)
        self.action = action
        self.inside = False
        self.done = False
        self.fields: list[tuple[str, str]] = []
        self._select: str | None = None
        self._first_option: str | None = None
        self._selected = False
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and not self.done and a.get("action", "") in (self.action, ""):
            self.inside = True
        if not self.inside:
            return
        name = a.get("name", "")
        if tag == "input" and name:
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            if kind not in ("submit", "button", "file"):
                self.fields.append((name, a.get("value", "on" if kind == "checkbox" else "")))
        elif tag == "select" and name:
            self._select, self._first_option, self._selected = name, None, False
        elif tag == "option" and self._select is not None:
            value = a.get("value", "")
            if self._first_option is None:
                self._first_option = value
            if "selected" in a and not self._selected:
                self.fields.append((self._select, value))
                self._selected = True
        elif tag == "textarea" and name:
            self._textarea = name
            self.fields.append((name, ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "select" and self._select is not None:
            if not self._selected and self._first_option is not None:
                self.fields.append((self._select, self._first_option))
            self._select = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "form" and self.inside:
            self.inside, self.done = False, True


def form_fields(html: str, action: str) -> dict[str, str | list[str]]:
    parser = FormFields(action)
    parser.feed(html)
    fields: dict[str, str | list[str]] = {}
    for name, value in parser.fields:
        if name in fields:
            current = fields[name]
            fields[name] = [*current, value] if isinstance(current, list) else [current, value]
        else:
            fields[name] = value
    return fields


class Agent(HttpUser):
    """An agent of an office at work: mostly reading lists and records, sometimes writing."""

    wait_time = between(WAIT_MIN, WAIT_MAX)

    def on_start(self) -> None:
        self.contact_ids: list[int] = []
        self.email = next_login()
        self.page("/accounts/login/", "login page")
        response = self.client.post(
            "/accounts/login/",
            {
                "username": self.email,
                "password": PASSWORD,
                "csrfmiddlewaretoken": self.client.cookies.get("csrftoken", ""),
            },
            headers={"Referer": f"{self.host}/accounts/login/"},
            name="log in",
            allow_redirects=False,
            catch_response=True,
        )
        with response:
            if response.status_code != 302:
                response.failure(f"login as {self.email} answered {response.status_code}")

    def csrf_headers(self, referer: str) -> dict[str, str]:
        return {
            "X-CSRFToken": self.client.cookies.get("csrftoken", ""),
            "Referer": f"{self.host}{referer}",
        }

    def page(self, url: str, name: str) -> str:
        """GET a page of the app; a redirect (to the login page) or an error is a failure."""
        with self.client.get(url, name=name, allow_redirects=False, catch_response=True) as r:
            if r.status_code != 200:
                r.failure(f"{name} answered {r.status_code}")
            return r.text

    def remember_contacts(self, html: str) -> None:
        found = [int(pk) for _url, pk in CONTACT_LINK.findall(html)]
        if found:
            self.contact_ids = found[:25]

    @task(6)
    def contacts_list(self) -> None:
        self.remember_contacts(self.page("/contacts/", "contacts list"))

    @task(4)
    def leads_list(self) -> None:
        self.page("/leads/", "leads list")

    @task(3)
    def contacts_filtered(self) -> None:
        page = random.choice(["1", "2"])
        self.page(
            f"/contacts/?active=true&visibility=office&ordering=-last_contacted_at&page={page}",
            "contacts filtered",
        )

    @task(2)
    def leads_filtered(self) -> None:
        status = random.choice(LEAD_STATUSES)
        self.page(f"/leads/?status={status}", "leads filtered")

    @task(4)
    def search(self) -> None:
        word = random.choice(SEARCH_WORDS)
        self.remember_contacts(self.page(f"/contacts/?q={word}", "contacts search"))

    @task(4)
    def open_contact(self) -> None:
        if not self.contact_ids:
            self.contacts_list()
        if self.contact_ids:
            pk = random.choice(self.contact_ids)
            self.page(f"/contacts/{pk}/", "contact detail")

    @task(2)
    def log_call(self) -> None:
        if not self.contact_ids:
            self.contacts_list()
        if not self.contact_ids:
            return
        pk = random.choice(self.contact_ids)
        url = f"/records/contact/{pk}/log/"
        with self.client.post(
            url,
            {
                "kind": "call",
                "direction": "outgoing",
                "outcome": "",
                "duration_minutes": "4",
                "body": "Called about a viewing (load test).",
                "occurred_at": "",
            },
            headers={**self.csrf_headers(f"/contacts/{pk}/"), "HX-Request": "true"},
            name="log a call",
            catch_response=True,
        ) as response:
            if response.status_code != 200 or 'name="kind"' not in response.text:
                response.failure(f"log a call answered {response.status_code}")

    @task(1)
    def create_lead(self) -> None:
        page = self.page("/leads/new/", "new lead form")
        fields = form_fields(page, "")
        n = random.randrange(10**6)
        fields.update(
            {
                "first_name": "Load",
                "last_name": f"Test {n}",
                "status": "prospect",
                "message": "Asked about a flat (load test).",
                "csrfmiddlewaretoken": self.client.cookies.get("csrftoken", ""),
            }
        )
        with self.client.post(
            "/leads/new/",
            fields,
            headers=self.csrf_headers("/leads/new/"),
            name="create a lead",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302 or "/leads/" not in response.headers.get("Location", ""):
                response.failure(f"create a lead answered {response.status_code}, not a redirect")

"""Fixtures for the end-to-end tests: a headless Chromium page against pytest-django's live_server.

Playwright's sync API keeps an event loop marked as running in the main thread while it is
started, so Django refuses ORM calls there (SynchronousOnlyOperation) unless
DJANGO_ALLOW_ASYNC_UNSAFE is set. It is set only while a browser is open (function scope), so
the rest of the suite keeps Django's check.
"""

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import sync_playwright

from estatedesk.accounts.tests.factories import UserFactory

from .browser import PHONE, VIEWPORT, launch, log_in

PASSWORD = "secret-pass-123"  # noqa: S105 - UserFactory's test password


@pytest.fixture
def browser(monkeypatch):
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = launch(playwright)
        yield browser
        browser.close()


@pytest.fixture
def page(live_server, browser):
    context = browser.new_context(viewport=VIEWPORT, base_url=live_server.url)
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def agent(office):
    return UserFactory(office=office, email="anna@example.com", full_name="Anna Agent")


@pytest.fixture
def logged_in(page, live_server, agent):
    """The agent's browser page, logged in through the login form."""
    log_in(page, live_server.url, agent.email, PASSWORD)
    return page


@pytest.fixture
def phone_context(browser, live_server):
    """A browser context the size of a phone (390×844), on the live server."""
    context = browser.new_context(viewport=PHONE, base_url=live_server.url)
    context.set_default_timeout(10_000)
    yield context
    context.close()


@pytest.fixture
def phone(phone_context):
    return phone_context.new_page()


def signed_in(context, live_server, user):
    """`user`'s session in the browser `context`, without going through a login form."""
    client = Client()
    client.force_login(user)
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME,
                          "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                          "url": live_server.url}])  # fmt: skip
    return context

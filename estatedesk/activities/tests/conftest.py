"""The browser fixtures of estatedesk/e2e, for this app's end-to-end tests (`make e2e`)."""

from estatedesk.e2e.conftest import agent, browser, logged_in, page  # noqa: F401

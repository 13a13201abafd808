"""Screenshots of the demo office for the documentation: `make screenshots`.

Builds a scratch SQLite database with the demo office (`load_demo`, nothing else), serves it with
`manage.py runserver` on a free port, logs in as the demo agent in headless Chromium and writes
PNGs to docs/screenshots/; then logs in to the client portal as the demo buyer and the demo
seller and shoots their pages at a phone's and at the desktop's size. Nothing outside the
scratch directory and docs/screenshots/ changes.
"""

from __future__ import annotations

import http.client
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parents[2]
OUT_DIR = PROJECT_DIR / "docs" / "screenshots"
AGENT = "anna@demo.estatedesk.test"
PHONE = {"width": 390, "height": 844}
SERVER_START_TIMEOUT = 30


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def prepare_database(env: dict[str, str]) -> None:
    """Migrate the scratch database and load the demo office into it, in this process."""
    os.environ.update(env)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connections

    call_command("migrate", interactive=False, verbosity=0)
    call_command("load_demo")
    connections.close_all()


def wait_for_server(server: subprocess.Popen, port: int, log: Path) -> None:
    deadline = time.monotonic() + SERVER_START_TIMEOUT
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"runserver exited early:\n{log.read_text()}")
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
        try:
            conn.request("GET", "/accounts/login/")
            if conn.getresponse().status == 200:
                return
        except OSError:
            pass
        finally:
            conn.close()
        time.sleep(0.2)
    raise RuntimeError(f"runserver did not answer in {SERVER_START_TIMEOUT}s:\n{log.read_text()}")


def busiest_contact_url(email: str) -> str | None:
    """The agent's contact with the longest history (and a task, if any has one)."""
    from django.db.models import Count, Q

    from estatedesk.accounts.models import User
    from estatedesk.activities.models import ActivityLink, Task
    from estatedesk.contacts.models import Contact

    agent = User.objects.get(email=email)
    links = ActivityLink.objects.filter(contact_id__isnull=False).values("contact_id")
    with_tasks = Task.objects.filter(contact_id__isnull=False).values("contact_id")
    contact = (
        Contact.objects.visible_to(agent)
        .filter(owner=agent, pk__in=links)
        .annotate(n=Count("pk", filter=Q(pk__in=with_tasks)))
        .order_by("-n", "pk")
        .first()
    )
    return f"{contact.get_absolute_url()}?tab=history" if contact else None


def linked_items_urls(email: str) -> dict[str, str]:
    """The agent's property with the most people on it, and contact with the most properties."""
    from django.db.models import Count

    from estatedesk.accounts.models import User
    from estatedesk.contacts.models import Contact
    from estatedesk.properties.models import Property

    agent = User.objects.get(email=email)
    urls = {}
    busiest = (
        Property.objects.visible_to(agent)
        .annotate(n=Count("links"))
        .filter(n__gt=0)
        .order_by("-n", "pk")
        .first()
    )
    if busiest:
        urls["property"] = f"{busiest.get_absolute_url()}?tab=people"
    contact = (
        Contact.objects.visible_to(agent)
        .annotate(n=Count("property_links"))
        .filter(n__gt=0)
        .order_by("-n", "pk")
        .first()
    )
    if contact:
        urls["contact"] = f"{contact.get_absolute_url()}?tab=properties"
    return urls


def portal_urls() -> dict[str, str]:
    """The demo buyer's pages (the offered property with a thread, a viewing request form, the
    viewings) and the demo seller's listing."""
    from estatedesk.demo import portal as portal_demo
    from estatedesk.portal.choices import ViewingStatus
    from estatedesk.portal.models import Offer, PortalAccess, ViewingRequest
    from estatedesk.portal.selectors.owners import owner_listings

    urls = {"portal-properties": "/portal/properties/", "portal-viewings": "/portal/viewings/"}
    buyer = PortalAccess.objects.filter(email=portal_demo.BUYER_EMAIL).first()
    seller = PortalAccess.objects.filter(email=portal_demo.SELLER_EMAIL).first()
    if buyer is None or seller is None:
        return {}
    offers = Offer.objects.visible_to_client(buyer).order_by("pk")
    first = offers.first()
    if first is not None:
        urls["portal-property"] = f"/portal/properties/{first.pk}/"
    asked = ViewingRequest.objects.visible_to_client(buyer).exclude(status=ViewingStatus.CANCELLED)
    free = offers.exclude(pk__in=asked.values("offer_id")).first()
    if free is not None:
        urls["portal-viewing-request"] = f"/portal/offers/{free.pk}/viewing/"
    listing = owner_listings(seller).order_by("pk").first()
    if listing is not None:
        urls["portal-listing"] = f"/portal/listings/{listing.pk}/"
    return urls


def portal_log_in(page, base_url: str, email: str, password: str) -> None:
    page.goto(f"{base_url}/portal/login/")
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", password)
    with page.expect_navigation():
        page.get_by_role("button", name="Log in").click()
    if "/portal/login/" in page.url:
        raise AssertionError(f"Portal login as {email} failed: still on {page.url}")


def scroll_through(page) -> None:
    """Scroll down a screen at a time and back, so that lazy images load before a full-page
    shot."""
    height = page.evaluate("document.documentElement.scrollHeight")
    step = page.viewport_size["height"] if page.viewport_size else 800
    for y in range(0, height, step):
        page.evaluate(f"window.scrollTo(0, {y})")
        page.wait_for_timeout(100)
    page.evaluate("window.scrollTo(0, 0)")
    page.wait_for_load_state("networkidle")


def take_portal_screenshots(
    playwright, base_url: str, password: str, urls: dict[str, str], shot
) -> None:
    """The buyer's then the seller's pages, each at 390×844 (phone) and at the desktop size."""
    from estatedesk.demo import portal as portal_demo

    from .browser import VIEWPORT, launch

    pages = {
        portal_demo.BUYER_EMAIL: [
            "portal-properties", "portal-property", "portal-viewing-request", "portal-viewings",
        ],
        portal_demo.SELLER_EMAIL: ["portal-listing"],
    }  # fmt: skip
    browser = launch(playwright)
    for email, names in pages.items():
        # Both sizes side by side, page by page: what one size opens first (a property's page
        # marks it seen) does not change what the other shows.
        # One login shared by both (a second login would make nothing "new" any more).
        sizes = []
        session = None
        for size, viewport in (("phone", PHONE), ("desktop", VIEWPORT)):
            context = browser.new_context(
                viewport=viewport, base_url=base_url, is_mobile=size == "phone",
                has_touch=size == "phone", locale="en-GB", storage_state=session,
            )  # fmt: skip
            context.set_default_timeout(15_000)
            page = context.new_page()
            if session is None:
                portal_log_in(page, base_url, email, password)
                session = context.storage_state()
            sizes.append((size, viewport, context, page))
        for name in names:
            if name not in urls:
                print(f"  warning: the demo has no {name} page; {name}-*.png skipped")
                continue
            for size, viewport, _context, page in sizes:
                page.goto(urls[name])
                scroll_through(page)
                width = page.evaluate("document.documentElement.scrollWidth")
                if width > viewport["width"]:
                    print(f"  warning: {name} is {width}px wide at {viewport['width']}px")
                shot(page, f"{name}-{size}.png")
        for _size, _viewport, context, _page in sizes:
            context.close()
    browser.close()


def take_screenshots(
    base_url: str,
    email: str,
    password: str,
    timeline_url: str | None = None,
    linked: dict[str, str] | None = None,
    portal: dict[str, str] | None = None,
) -> list[Path]:
    from playwright.sync_api import sync_playwright

    from .browser import VIEWPORT, launch, log_in

    written: list[Path] = []

    def shot(page, name: str, *, full_page: bool = True) -> None:
        page.wait_for_load_state("networkidle")
        path = OUT_DIR / name
        page.screenshot(path=str(path), full_page=full_page)
        written.append(path)
        print(f"  wrote {path}")

    with sync_playwright() as playwright:
        browser = launch(playwright)
        context = browser.new_context(viewport=VIEWPORT, base_url=base_url)
        context.set_default_timeout(15_000)
        page = context.new_page()
        log_in(page, base_url, email, password)

        page.goto("/contacts/")
        shot(page, "contacts-list.png")

        first_contact = page.locator("#contacts-table tbody tr td:first-child a").first
        if first_contact.count():
            first_contact.click()
            page.wait_for_url("**/contacts/*/")
            shot(page, "contact-detail.png")
        else:
            print("  warning: the demo office has no contacts; contact-detail.png skipped")

        page.goto("/leads/?status=qualified")
        first_lead = page.locator("#leads-table tbody tr td:first-child a").first
        if first_lead.count():
            first_lead.click()
            page.locator("#convert-button").click()
            page.wait_for_url("**/leads/*/convert/")
            shot(page, "lead-conversion.png")
        else:
            print("  warning: the demo office has no qualified lead; lead-conversion.png skipped")

        if timeline_url:
            page.goto(timeline_url)
            page.locator("#timeline-items > li.activity").first.wait_for()
            shot(page, "contact-timeline.png")
        else:
            print("  warning: no contact with activities; contact-timeline.png skipped")

        page.goto("/tasks/")
        shot(page, "my-tasks.png")

        linked = linked or {}
        shots = (("property", "property-people.png"), ("contact", "contact-properties.png"))
        for key, name in shots:
            if key in linked:
                page.goto(linked[key])
                shot(page, name)
            else:
                print(f"  warning: no {key} with property links; {name} skipped")

        page.goto("/properties/")
        shot(page, "property-list.png")

        page.goto("/deals/board/")
        page.locator(".board-column").first.wait_for()
        shot(page, "deal-board.png")

        context.close()
        browser.close()

        take_portal_screenshots(playwright, base_url, password, portal or {}, shot)
    return written


def main() -> int:
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="estatedesk-shots-") as tmp:
        env = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{tmp}/shots.sqlite3",
            "ESTATEDESK_PRIVATE_MEDIA_ROOT": f"{tmp}/private-media",
            "DJANGO_SETTINGS_MODULE": "estatedesk.settings.dev",
            "DJANGO_DEBUG": "true",  # runserver serves the static files only in debug
        }
        print("Loading the demo office into a scratch database …")
        prepare_database(env)
        from estatedesk.demo import office as demo

        timeline_url = busiest_contact_url(AGENT)
        linked = linked_items_urls(AGENT)
        portal = portal_urls()

        port = free_port()
        log = Path(tmp) / "runserver.log"
        print(f"Starting runserver on 127.0.0.1:{port} …")
        with log.open("w") as log_file:
            server = subprocess.Popen(  # noqa: S603 - fixed arguments, no shell
                [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
                cwd=PROJECT_DIR,
                env=env,
                stdout=log_file,
                stderr=subprocess.STDOUT,
            )
            try:
                wait_for_server(server, port, log)
                written = take_screenshots(
                    f"http://127.0.0.1:{port}",
                    AGENT,
                    demo.PASSWORD,
                    timeline_url,
                    linked,
                    portal,
                )
            finally:
                server.terminate()
                try:
                    server.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    server.kill()
                    server.wait()
    print(f"{len(written)} screenshot(s) in {OUT_DIR}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

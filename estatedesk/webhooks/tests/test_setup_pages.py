"""Setup → Webhooks: office administrators only (agents and other offices get 404)."""

import pytest
from django.urls import reverse

from estatedesk.webhooks.choices import DeliveryStatus
from estatedesk.webhooks.models import Delivery, Webhook

from .factories import WebhookFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def hook(office, admin):
    return WebhookFactory(office=office, created_by=admin)


@pytest.fixture
def delivery(hook):
    return Delivery.objects.create(
        office_id=hook.office_id, webhook=hook, event="lead.created", payload={"id": 1},
        status=DeliveryStatus.GAVE_UP, attempts=8, last_error="HTTP 500", response_code=500,
    )  # fmt: skip


def routes(hook, delivery):
    return [
        ("get", reverse("webhooks:list")),
        ("get", reverse("webhooks:create")),
        ("post", reverse("webhooks:create")),
        ("get", reverse("webhooks:edit", args=[hook.pk])),
        ("post", reverse("webhooks:edit", args=[hook.pk])),
        ("post", reverse("webhooks:secret", args=[hook.pk])),
        ("post", reverse("webhooks:test", args=[hook.pk])),
        ("post", reverse("webhooks:delete", args=[hook.pk])),
        ("get", reverse("webhooks:deliveries", args=[hook.pk])),
        ("post", reverse("webhooks:delivery_retry", args=[hook.pk, delivery.pk])),
    ]


@pytest.mark.parametrize("persona", ["as_alice", "as_carol"])
def test_agents_do_not_find_the_webhook_pages(persona, request, hook, delivery):
    client = request.getfixturevalue(persona)
    for method, url in routes(hook, delivery):
        assert getattr(client, method)(url).status_code == 404, url
    assert Webhook.objects.filter(pk=hook.pk).exists()


def test_anonymous_visitors_are_sent_to_log_in(client, hook, delivery):
    for method, url in routes(hook, delivery):
        assert getattr(client, method)(url).status_code == 302, url


def test_another_offices_administrator_does_not_find_this_offices_webhook(
    other_office, hook, delivery
):
    from django.test import Client

    from estatedesk.accounts.choices import Role
    from estatedesk.accounts.tests.factories import UserFactory

    client = Client()
    client.force_login(UserFactory(office=other_office, role=Role.ADMIN))
    assert client.get(reverse("webhooks:list")).status_code == 200
    for method, url in routes(hook, delivery)[3:]:
        assert getattr(client, method)(url).status_code == 404, url
    assert hook.url not in client.get(reverse("webhooks:list")).content.decode()


def test_the_admin_adds_a_webhook_and_sees_its_secret(as_admin, admin, fake_dns):
    fake_dns["hooks.example.com"] = "93.184.216.34"
    response = as_admin.post(
        reverse("webhooks:create"),
        {"url": "https://hooks.example.com/in", "events": ["lead.created", "task.due"],
         "is_active": "on"},
    )  # fmt: skip
    webhook = Webhook.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("webhooks:edit", args=[webhook.pk])
    assert (webhook.office_id, webhook.created_by, webhook.events) == (
        admin.office_id, admin, ["lead.created", "task.due"],
    )  # fmt: skip
    assert webhook.secret.startswith("whsec_")
    page = as_admin.get(response["Location"]).content.decode()
    assert webhook.secret in page
    listing = as_admin.get(reverse("webhooks:list")).content.decode()
    assert "https://hooks.example.com/in" in listing


def test_a_webhook_needs_at_least_one_event(as_admin, fake_dns):
    fake_dns["hooks.example.com"] = "93.184.216.34"
    response = as_admin.post(reverse("webhooks:create"), {"url": "https://hooks.example.com/"})
    assert response.status_code == 422
    assert response.context["form"].errors["events"]


def test_the_admin_edits_and_deactivates_a_webhook(as_admin, hook, fake_dns):
    fake_dns["other.example.com"] = "93.184.216.34"
    response = as_admin.post(
        reverse("webhooks:edit", args=[hook.pk]),
        {"url": "https://other.example.com/x", "events": ["contact.updated"]},
    )
    assert response.status_code == 302
    hook.refresh_from_db()
    assert (hook.url, hook.events, hook.is_active) == (
        "https://other.example.com/x", ["contact.updated"], False,
    )  # fmt: skip


def test_regenerating_the_secret_replaces_it(as_admin, hook):
    old = hook.secret
    response = as_admin.post(reverse("webhooks:secret", args=[hook.pk]))
    hook.refresh_from_db()
    assert response.status_code == 302
    assert hook.secret != old
    assert hook.secret in as_admin.get(reverse("webhooks:edit", args=[hook.pk])).content.decode()


def test_send_test_event_queues_a_delivery(as_admin, hook):
    response = as_admin.post(reverse("webhooks:test", args=[hook.pk]))
    assert response["Location"] == reverse("webhooks:deliveries", args=[hook.pk])
    delivery = Delivery.objects.get(webhook=hook)
    assert (delivery.event, delivery.status) == ("webhook.test", DeliveryStatus.PENDING)


def test_the_deliveries_page_shows_status_and_retry_now_tries_again(as_admin, hook, delivery):
    page = as_admin.get(reverse("webhooks:deliveries", args=[hook.pk]))
    content = page.content.decode()
    assert page.status_code == 200
    assert "lead.created" in content
    assert "HTTP 500" in content
    assert "gave up" in content
    assert reverse("webhooks:delivery_retry", args=[hook.pk, delivery.pk]) in content

    as_admin.post(reverse("webhooks:delivery_retry", args=[hook.pk, delivery.pk]))

    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.FAILED
    assert delivery.next_attempt_at is not None


def test_deleting_a_webhook_removes_its_deliveries(as_admin, hook, delivery):
    as_admin.post(reverse("webhooks:delete", args=[hook.pk]))
    assert not Webhook.objects.exists()
    assert not Delivery.objects.exists()


def test_setup_links_to_webhooks(as_admin):
    content = as_admin.get(reverse("setup:index")).content.decode()
    assert content.count(reverse("webhooks:list")) == 2  # the tab and the overview


def test_the_pages_queries_do_not_grow_with_their_rows(as_admin, office, hook):
    from estatedesk.core.testing.queries import count_queries

    def make(n):
        for i in range(n):
            WebhookFactory(office=office)
            Delivery.objects.create(office_id=office.pk, webhook=hook, event="lead.created",
                                    payload={"i": i}, status=DeliveryStatus.FAILED)  # fmt: skip

    def queries(url):
        with count_queries() as ctx:
            assert as_admin.get(url).status_code == 200
        return len(ctx)

    make(1)
    few = [
        queries(reverse("webhooks:list")),
        queries(reverse("webhooks:deliveries", args=[hook.pk])),
    ]
    make(10)
    many = [
        queries(reverse("webhooks:list")),
        queries(reverse("webhooks:deliveries", args=[hook.pk])),
    ]
    assert many == few


def test_the_webhook_list_is_paged(office, admin, as_admin):
    Webhook.objects.bulk_create(
        Webhook(office=office, url=f"https://hooks.example.org/{i}", events=["contact.created"],
                created_by=admin)
        for i in range(51)
    )  # fmt: skip

    first = as_admin.get(reverse("webhooks:list")).content.decode()
    second = as_admin.get(reverse("webhooks:list") + "?page=2").content.decode()

    assert "https://hooks.example.org/49<" in first
    assert "https://hooks.example.org/50<" not in first
    assert "https://hooks.example.org/50<" in second
    assert 'rel="next"' in first

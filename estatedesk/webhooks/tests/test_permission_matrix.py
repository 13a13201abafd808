"""Every webhook Setup URL with an object id answers each persona as the rules say: Setup is
the office administrator's and does not exist for anyone else (404). Nothing is sent: a test
event or a retry only queues a delivery."""

import pytest

from estatedesk.core.testing.matrix import ADMIN_ONLY, Matrix, Route, check_route, matrix_cases
from estatedesk.webhooks.choices import DeliveryStatus
from estatedesk.webhooks.models import Delivery

from .factories import WebhookFactory

pytestmark = pytest.mark.django_db


def _webhook(users):
    return WebhookFactory(office=users.owner.office, created_by=users.office_admin)


def _delivery(users):
    webhook = _webhook(users)
    return Delivery.objects.create(
        office_id=webhook.office_id, webhook=webhook, event="lead.created", payload={"id": 1},
        status=DeliveryStatus.GAVE_UP, attempts=8, last_error="HTTP 500", response_code=500,
    )  # fmt: skip


WEBHOOK_ROUTES = (
    Route("webhooks:edit"),
    Route("webhooks:edit", "post", {}, ok=422),  # reached the form: nothing valid
    Route("webhooks:secret", "post"),
    Route("webhooks:test", "post"),
    Route("webhooks:delete", "post"),
    Route("webhooks:deliveries"),
)
DELIVERY_ROUTES = (
    Route("webhooks:delivery_retry", "post",
          kwargs=lambda delivery: {"pk": delivery.webhook_id, "delivery_pk": delivery.pk}),
)  # fmt: skip

MATRICES = [
    Matrix("webhook", _webhook, WEBHOOK_ROUTES, ADMIN_ONLY),
    Matrix("webhook delivery", _delivery, DELIVERY_ROUTES, ADMIN_ONLY),
]


@pytest.mark.parametrize(("matrix", "route"), matrix_cases(MATRICES))
def test_each_persona_gets_the_documented_answer(matrix, route, personas):
    check_route(matrix, route, personas)

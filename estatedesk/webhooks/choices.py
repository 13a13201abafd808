"""Events a webhook can subscribe to, and the states of a delivery."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from estatedesk.core import events


class WebhookEvent(models.TextChoices):
    LEAD_CREATED = events.LEAD_CREATED, _("A lead was created")
    LEAD_STATUS_CHANGED = events.LEAD_STATUS_CHANGED, _("A lead's status changed")
    LEAD_CONVERTED = events.LEAD_CONVERTED, _("A lead was converted into a contact")
    CONTACT_CREATED = events.CONTACT_CREATED, _("A contact was created")
    CONTACT_UPDATED = events.CONTACT_UPDATED, _("A contact was changed")
    TASK_DUE = events.TASK_DUE, _("A task's reminder came due")
    PORTAL_ACCESS_CHANGED = events.PORTAL_ACCESS_CHANGED, _("A client's portal access changed")
    OFFER_CREATED = events.OFFER_CREATED, _("A property was offered to a client")
    OFFER_WITHDRAWN = events.OFFER_WITHDRAWN, _("An offer was withdrawn")
    OFFER_REACTED = events.OFFER_REACTED, _("A client reacted to an offered property")
    OFFER_MESSAGE = events.OFFER_MESSAGE, _("A message about an offered property was sent")
    VIEWING_REQUESTED = events.VIEWING_REQUESTED, _("A client asked for a viewing")
    VIEWING_PROPOSED = events.VIEWING_PROPOSED, _("An agent proposed another time for a viewing")
    VIEWING_CONFIRMED = events.VIEWING_CONFIRMED, _("A viewing was confirmed")
    VIEWING_CANCELLED = events.VIEWING_CANCELLED, _("A viewing was cancelled")
    VIEWING_FEEDBACK = events.VIEWING_FEEDBACK, _("A client gave feedback on a viewing")


# Sent by "Send test event" only; not something a webhook subscribes to.
TEST_EVENT = "webhook.test"


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("pending")
    DELIVERING = "delivering", _("delivering")
    SUCCEEDED = "succeeded", _("succeeded")
    FAILED = "failed", _("failed, will retry")
    GAVE_UP = "gave_up", _("gave up")

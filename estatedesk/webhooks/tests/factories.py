import factory

from estatedesk.webhooks.choices import WebhookEvent
from estatedesk.webhooks.models import Webhook


class WebhookFactory(factory.django.DjangoModelFactory):
    """A webhook saved directly (no SSRF check): tests point it at their own receiver."""

    class Meta:
        model = Webhook

    url = "https://hooks.example.com/estatedesk"
    events = factory.LazyFunction(lambda: list(WebhookEvent.values))
    is_active = True

from django.apps import AppConfig


class WebhooksConfig(AppConfig):
    name = "estatedesk.webhooks"
    label = "webhooks"

    def ready(self) -> None:
        # Every event an office's services publish may become a delivery to its webhooks.
        from estatedesk.core import events

        from .subscribers import deliveries_for_event

        for event in events.EVENTS:
            events.subscribe(event, deliveries_for_event)

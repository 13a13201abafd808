from django.apps import AppConfig


class WebhooksConfig(AppConfig):
    name = "estatedesk.webhooks"
    label = "webhooks"

from django.apps import AppConfig


class DealsConfig(AppConfig):
    name = "estatedesk.deals"
    label = "deals"

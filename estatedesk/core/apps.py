from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "estatedesk.core"
    label = "core"

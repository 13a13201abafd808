from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "estatedesk.api"
    label = "api"

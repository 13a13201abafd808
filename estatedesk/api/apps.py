from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "estatedesk.api"
    label = "api"

    def ready(self) -> None:
        # Registers the Bearer scheme with drf-spectacular.
        from . import schema  # noqa: F401

from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "estatedesk.api"
    label = "api"

    def ready(self) -> None:
        from estatedesk.accounts.signals import password_changed

        # Registers the Bearer scheme with drf-spectacular.
        from . import schema  # noqa: F401
        from .services import on_password_changed

        # Accounts may not import the API: it says when a password changed, and tokens go here.
        password_changed.connect(on_password_changed, dispatch_uid="api-revoke-tokens")

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "estatedesk.accounts"
    label = "accounts"

    def ready(self) -> None:
        from . import officecache

        officecache.connect()

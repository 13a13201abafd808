from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "estatedesk.accounts"
    label = "accounts"

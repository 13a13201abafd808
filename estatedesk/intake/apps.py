from django.apps import AppConfig


class IntakeConfig(AppConfig):
    name = "estatedesk.intake"
    label = "intake"

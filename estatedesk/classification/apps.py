from django.apps import AppConfig


class ClassificationConfig(AppConfig):
    name = "estatedesk.classification"
    label = "classification"

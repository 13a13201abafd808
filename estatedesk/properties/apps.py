from django.apps import AppConfig


class PropertiesConfig(AppConfig):
    name = "estatedesk.properties"
    label = "properties"

from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo office (`manage.py load_demo`): data only, made through every app's services."""

    name = "estatedesk.demo"
    label = "demo"

from django.apps import AppConfig


class CaptureConfig(AppConfig):
    name = "estatedesk.capture"
    label = "capture"

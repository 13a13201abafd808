from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "estatedesk.documents"
    label = "documents"

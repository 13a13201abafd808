from django.apps import AppConfig


class ContactLinksConfig(AppConfig):
    name = "estatedesk.contactlinks"
    label = "contactlinks"

from django.apps import AppConfig


class ContactsConfig(AppConfig):
    name = "estatedesk.contacts"
    label = "contacts"

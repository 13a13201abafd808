from django.apps import AppConfig
from django.db.models.signals import post_migrate


class ContactsConfig(AppConfig):
    name = "estatedesk.contacts"
    label = "contacts"

    def ready(self) -> None:
        from .dbindexes import ensure_vendor_indexes

        post_migrate.connect(
            ensure_vendor_indexes, sender=self, dispatch_uid="estatedesk.contacts.vendor_indexes"
        )

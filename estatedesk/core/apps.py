from django.apps import AppConfig
from django.db.models.signals import post_migrate


class CoreConfig(AppConfig):
    name = "estatedesk.core"
    label = "core"

    def ready(self) -> None:
        from .search import ensure_sqlite_triggers

        post_migrate.connect(ensure_sqlite_triggers, dispatch_uid="estatedesk.search.triggers")

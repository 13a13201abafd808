from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HistoryConfig(AppConfig):
    name = "estatedesk.history"
    label = "history"
    verbose_name = _("Change history")

    def ready(self) -> None:
        from auditlog.signals import pre_log

        from .tracking import skip_deletion_entries

        # A deleted record's history goes with it (tracking.erase_history), so no "deleted"
        # entry is written that would keep its last field values.
        pre_log.connect(skip_deletion_entries, dispatch_uid="estatedesk.history.no_delete_log")

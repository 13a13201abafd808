from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "estatedesk.documents"
    label = "documents"
    verbose_name = _("Documents")

    def ready(self) -> None:
        from django.db.models.signals import post_delete

        from estatedesk.contacts.conversion import CONVERSION_HOOKS
        from estatedesk.core.tabs import register_tab

        from .selectors import documents_tab
        from .services import lead_documents_move, record_documents_delete
        from .targets import ALLOWED_LABELS, target_models

        # Keyed by label: labels whose model does not exist yet cost nothing.
        register_tab(
            ALLOWED_LABELS,
            "documents",
            _("Documents"),
            "documents/partials/_tab_documents.html",
            context=documents_tab,
            order=60,
        )
        # No GenericRelation on the record models (other apps own them): a receiver per
        # installed model removes a deleted record's documents instead.
        for model in target_models():
            post_delete.connect(
                record_documents_delete,
                sender=model,
                dispatch_uid=f"documents_delete_{model._meta.label_lower}",
            )
        # Conversion moves what hangs on a lead in the same transaction (see contacts.conversion).
        if lead_documents_move not in CONVERSION_HOOKS:
            CONVERSION_HOOKS.append(lead_documents_move)

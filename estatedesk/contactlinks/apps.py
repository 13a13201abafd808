from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContactLinksConfig(AppConfig):
    name = "estatedesk.contactlinks"
    label = "contactlinks"
    verbose_name = _("Contact links")

    def ready(self) -> None:
        from estatedesk.core.tabs import register_tab

        from .selectors import related_tab

        register_tab(
            "contacts.contact",
            "related",
            _("Related contacts"),
            "contactlinks/partials/_tab_related.html",
            context=related_tab,
            order=40,
        )

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PropertiesConfig(AppConfig):
    name = "estatedesk.properties"
    label = "properties"

    def ready(self) -> None:
        # A "Properties" tab on contacts and relations: their links, and a form to add one.
        from estatedesk.core.tabs import register_tab

        from .views import record_properties_tab

        register_tab(
            ["contacts.contact", "contacts.relation"],
            "properties",
            _("Properties"),
            "properties/partials/_record_properties.html",
            context=record_properties_tab,
            order=20,
        )

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PropertiesConfig(AppConfig):
    name = "estatedesk.properties"
    label = "properties"

    def ready(self) -> None:
        # A "Properties" tab on contacts, relations and leads: their links, and a form to add one.
        from estatedesk.contacts.conversion import CONVERSION_HOOKS
        from estatedesk.core.tabs import register_tab
        from estatedesk.history.tracking import track

        from .link_views import record_properties_tab
        from .models import Property
        from .services import lead_property_links_move

        register_tab(
            ["contacts.contact", "contacts.relation", "contacts.lead"],
            "properties",
            _("Properties"),
            "properties/partials/_record_properties.html",
            context=record_properties_tab,
            order=20,
        )
        # Field change history (and a Changes tab).
        track(Property)
        # Conversion moves a lead's property links to its contact in the same transaction.
        if lead_property_links_move not in CONVERSION_HOOKS:
            CONVERSION_HOOKS.append(lead_property_links_move)

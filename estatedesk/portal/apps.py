from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "estatedesk.portal"
    label = "portal"

    def ready(self) -> None:
        # Tabs on the staff pages (a contact's Portal tab, a property's offers) are registered
        # here by the modules that serve them.
        from .views import staff_access, staff_owners, staff_viewings

        staff_access.register_tabs()
        staff_viewings.register_tabs()
        staff_owners.register_tabs()

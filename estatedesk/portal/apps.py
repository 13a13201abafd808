from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "estatedesk.portal"
    label = "portal"

    def ready(self) -> None:
        # Tabs on the staff pages (a contact's Portal tab, a property's offers) are registered
        # here by the modules that serve them.
        from estatedesk.accounts.signals import office_created

        from .services import offers as offer_services
        from .views import staff_access, staff_offers, staff_owners, staff_viewings

        staff_access.register_tabs()
        staff_offers.register()
        staff_viewings.register_tabs()
        staff_owners.register_tabs()
        # A new office starts with the default rejection reasons (accounts never imports us).
        office_created.connect(offer_services.office_created, dispatch_uid="portal-reasons")

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DealsConfig(AppConfig):
    name = "estatedesk.deals"
    label = "deals"
    verbose_name = _("Deals")

    def ready(self) -> None:
        # A "Deals" tab on the pages of the people a deal can be made with.
        from estatedesk.core.tabs import register_tab
        from estatedesk.history.tracking import track

        from .models import Deal
        from .selectors import record_deals_tab

        register_tab(
            ["contacts.contact", "contacts.relation", "properties.property"], "deals", _("Deals"),
            "deals/partials/_record_deals.html", context=record_deals_tab, order=40,
        )  # fmt: skip
        # Field change history (and a Changes tab); status and closed_at follow the stage.
        track(Deal, exclude=["status", "closed_at"])

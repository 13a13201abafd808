from django.apps import AppConfig


class ClassificationConfig(AppConfig):
    name = "estatedesk.classification"
    label = "classification"

    def ready(self) -> None:
        # classification sits above accounts: it hooks into accounts, never the other way round.
        from estatedesk.accounts import selectors as account_selectors
        from estatedesk.accounts.signals import office_created

        from . import cache, selectors, services

        cache.connect()
        office_created.connect(services.office_created, dispatch_uid="classification-sources")
        account_selectors.register_summary_counts(selectors.lead_source_counts)

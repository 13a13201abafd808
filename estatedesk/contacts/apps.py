from django.apps import AppConfig
from django.db.models.signals import post_migrate


class ContactsConfig(AppConfig):
    name = "estatedesk.contacts"
    label = "contacts"

    def ready(self) -> None:
        from estatedesk.classification.filed import register_filed_records
        from estatedesk.history.tracking import track

        from .dbindexes import ensure_vendor_indexes
        from .models import Contact, ContactCategory, Lead, LeadCategory, Relation, RelationCategory

        # The category editor counts what each category holds (classification cannot import us).
        register_filed_records("lead", Lead, LeadCategory)
        register_filed_records("contact", Contact, ContactCategory)
        register_filed_records("relation", Relation, RelationCategory)

        # Field change history (and a Changes tab); derived columns are left out.
        track(Lead, exclude=["score", "score_reasons", "last_contacted_at"])
        track(Contact, exclude=["last_contacted_at"])
        track(Relation)

        post_migrate.connect(
            ensure_vendor_indexes, sender=self, dispatch_uid="estatedesk.contacts.vendor_indexes"
        )

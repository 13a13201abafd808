"""What hangs on each record: its phone numbers, e-mail addresses and category links."""

from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from estatedesk.core.models import OfficeOwnedModel

from .. import category_ids
from ..choices import EmailLabel, PhoneLabel
from .records import Contact, Lead
from .relations import Relation

# --- phones and e-mail addresses: several per record, each with a label ----------------------


class PhoneNumber(OfficeOwnedModel):
    label = models.CharField(
        _("label"), max_length=10, choices=PhoneLabel.choices, default=PhoneLabel.MOBILE
    )
    number = models.CharField(_("number"), max_length=20, help_text=_("Stored in E.164"))
    is_primary = models.BooleanField(_("primary"), default=False)

    class Meta:
        abstract = True
        ordering = ["-is_primary", "pk"]
        indexes = [models.Index(fields=["office", "number"], name="%(class)s_number_idx")]
        constraints = [
            models.UniqueConstraint(fields=["record", "number"], name="%(class)s_unique")
        ]

    def __str__(self) -> str:
        from ..phones import format_phone

        return format_phone(self.number)


class EmailAddress(OfficeOwnedModel):
    label = models.CharField(
        _("label"), max_length=10, choices=EmailLabel.choices, default=EmailLabel.PERSONAL
    )
    email = models.EmailField(_("e-mail address"))
    is_primary = models.BooleanField(_("primary"), default=False)

    class Meta:
        abstract = True
        ordering = ["-is_primary", "pk"]
        indexes = [models.Index("office", Lower("email"), name="%(class)s_email_idx")]
        constraints = [models.UniqueConstraint("record", Lower("email"), name="%(class)s_unique")]

    def __str__(self) -> str:
        return self.email


class LeadPhone(PhoneNumber):
    record = models.ForeignKey(Lead, on_delete=models.CASCADE, related_name="phones")


class LeadEmail(EmailAddress):
    record = models.ForeignKey(Lead, on_delete=models.CASCADE, related_name="emails")


class ContactPhone(PhoneNumber):
    record = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="phones")


class ContactEmail(EmailAddress):
    record = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="emails")


class RelationPhone(PhoneNumber):
    record = models.ForeignKey(Relation, on_delete=models.CASCADE, related_name="phones")


class RelationEmail(EmailAddress):
    record = models.ForeignKey(Relation, on_delete=models.CASCADE, related_name="emails")


# --- category assignments: a record in the categories of any number of users ----------------


class CategoryLink(OfficeOwnedModel):
    """A record filed in one user's category; subclasses add `record`.

    On PostgreSQL the record's `category_ids` column mirrors these rows (kept by triggers:
    `contacts.category_ids`), which `core.expressions.HasLinkTo` tests instead of the table.
    """

    mirrored_on_record = category_ids.COLUMN

    category = models.ForeignKey(
        "classification.Category", on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        abstract = True
        constraints = [
            models.UniqueConstraint(fields=["record", "category"], name="%(class)s_unique")
        ]
        # Covering: a category filter reads the record ids from the index alone.
        indexes = [models.Index(fields=["office", "category", "record"], name="%(class)s_cat_idx")]


class LeadCategory(CategoryLink):
    record = models.ForeignKey(Lead, on_delete=models.CASCADE, related_name="category_links")


class ContactCategory(CategoryLink):
    record = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="category_links")


class RelationCategory(CategoryLink):
    record = models.ForeignKey(Relation, on_delete=models.CASCADE, related_name="category_links")

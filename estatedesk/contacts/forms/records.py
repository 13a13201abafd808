"""The lead, contact and relation forms, and the small forms of their detail pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..choices import ContactRole, PropertyType
from ..models import Contact, Lead, Relation
from .base import RecordForm

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
TEXTAREA = forms.Textarea(attrs={"rows": 3})


class LeadForm(RecordForm):
    target = "lead"

    property_types = forms.MultipleChoiceField(
        label=_("Property types"),
        choices=PropertyType.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Lead
        fields = [
            "first_name",
            "last_name",
            "company",
            "status",
            "lost_reason",
            "source",
            "urgency",
            "timeframe",
            "move_in_date",
            "property_types",
            "locations",
            "budget_min",
            "budget_max",
            "area_min",
            "area_max",
            "bedrooms",
            "bathrooms",
            "message",
            "owner",
            "visibility",
            "is_active",
        ]
        widgets = {"move_in_date": DATE, "message": TEXTAREA, "visibility": forms.RadioSelect}

    sections = [
        (_("Who"), ["first_name", "last_name", "company"]),
        (_("Status"), ["status", "lost_reason", "source", "urgency", "timeframe", "move_in_date"]),
        (
            _("Looking for"),
            [
                "property_types",
                "locations",
                "budget_min",
                "budget_max",
                "area_min",
                "area_max",
                "bedrooms",
                "bathrooms",
            ],
        ),
        (_("Notes"), ["message"]),
        (_("Ownership"), ["owner", "visibility", "is_active"]),
    ]


class ContactForm(RecordForm):
    target = "contact"

    class Meta:
        model = Contact
        fields = [
            "salutation",
            "title",
            "first_name",
            "middle_name",
            "name_prefix",
            "last_name",
            "nickname",
            "gender",
            "date_of_birth",
            "place_of_birth",
            "nationality",
            "language",
            "marital_status",
            "occupation",
            "job_title",
            "employer",
            "industry",
            "annual_income",
            "id_document_type",
            "id_document_number",
            "id_document_expiry",
            "tax_number",
            "street",
            "address_line2",
            "postal_code",
            "city",
            "region",
            "country",
            "latitude",
            "longitude",
            "website",
            "linkedin",
            "facebook",
            "instagram",
            "preferred_channel",
            "do_not_call",
            "do_not_email",
            "do_not_sms",
            "marketing_consent",
            "marketing_consent_at",
            "marketing_consent_method",
            "source",
            "notes",
            "owner",
            "visibility",
            "is_active",
        ]
        widgets = {
            "date_of_birth": DATE,
            "id_document_expiry": DATE,
            "marketing_consent_at": DATETIME,
            "notes": TEXTAREA,
            "visibility": forms.RadioSelect,
        }

    sections = [
        (
            _("Name"),
            [
                "salutation",
                "title",
                "first_name",
                "middle_name",
                "name_prefix",
                "last_name",
                "nickname",
            ],
        ),
        (
            _("Personal"),
            [
                "gender",
                "date_of_birth",
                "place_of_birth",
                "nationality",
                "language",
                "marital_status",
            ],
        ),
        (
            _("Work"),
            ["occupation", "job_title", "employer", "industry", "annual_income"],
        ),
        (
            _("Identity"),
            ["id_document_type", "id_document_number", "id_document_expiry", "tax_number"],
        ),
        (
            _("Address"),
            [
                "street",
                "address_line2",
                "postal_code",
                "city",
                "region",
                "country",
                "latitude",
                "longitude",
            ],
        ),
        (_("Online"), ["website", "linkedin", "facebook", "instagram"]),
        (
            _("Communication"),
            [
                "preferred_channel",
                "do_not_call",
                "do_not_email",
                "do_not_sms",
                "marketing_consent",
                "marketing_consent_at",
                "marketing_consent_method",
            ],
        ),
        (_("Notes"), ["source", "notes"]),
        (_("Ownership"), ["owner", "visibility", "is_active"]),
    ]


class RelationForm(RecordForm):
    target = "relation"

    class Meta:
        model = Relation
        fields = [
            "name",
            "relation_type",
            "legal_name",
            "registration_number",
            "vat_number",
            "industry",
            "street",
            "address_line2",
            "postal_code",
            "city",
            "region",
            "country",
            "latitude",
            "longitude",
            "website",
            "linkedin",
            "facebook",
            "instagram",
            "twitter",
            "payment_terms_days",
            "credit_limit",
            "credit_terms",
            "commission_type",
            "commission_rate",
            "commission_amount",
            "commission_notes",
            "contract_reference",
            "contract_start",
            "contract_end",
            "contract_notes",
            "source",
            "notes",
            "owner",
            "visibility",
            "is_active",
        ]
        widgets = {
            "contract_start": DATE,
            "contract_end": DATE,
            "credit_terms": TEXTAREA,
            "commission_notes": TEXTAREA,
            "contract_notes": TEXTAREA,
            "notes": TEXTAREA,
            "visibility": forms.RadioSelect,
        }

    sections = [
        (
            _("Company"),
            [
                "name",
                "relation_type",
                "legal_name",
                "registration_number",
                "vat_number",
                "industry",
            ],
        ),
        (
            _("Address"),
            [
                "street",
                "address_line2",
                "postal_code",
                "city",
                "region",
                "country",
                "latitude",
                "longitude",
            ],
        ),
        (_("Online"), ["website", "linkedin", "facebook", "instagram", "twitter"]),
        (_("Credit"), ["payment_terms_days", "credit_limit", "credit_terms"]),
        (
            _("Commission"),
            ["commission_type", "commission_rate", "commission_amount", "commission_notes"],
        ),
        (
            _("Contract"),
            ["contract_reference", "contract_start", "contract_end", "contract_notes"],
        ),
        (_("Notes"), ["source", "notes"]),
        (_("Ownership"), ["owner", "visibility", "is_active"]),
    ]


class ContactPersonForm(forms.Form):
    contact = forms.ModelChoiceField(queryset=Contact.objects.none(), label=_("Contact"))
    role = forms.ChoiceField(choices=ContactRole.choices, label=_("Role"))
    role_note = forms.CharField(label=_("Role details"), required=False, max_length=100)
    is_primary = forms.BooleanField(label=_("Main contact"), required=False)

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contact"].queryset = Contact.objects.visible_to(actor)


class CategoriesForm(forms.Form):
    """The categories tab: the user's own categories, and sharing with the office."""

    categories = forms.MultipleChoiceField(
        label=_("My categories"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, tree, **kwargs):
        from estatedesk.classification.tree import tree_choices

        super().__init__(*args, **kwargs)
        self.tree = tree
        self.fields["categories"].choices = tree_choices(tree)

    def selected(self):
        chosen = {int(pk) for pk in self.cleaned_data["categories"]}
        return [c for c in self.tree if c.pk in chosen]

"""Forms of the offers: the client's reaction and messages, the agent's offer and the reasons
under Setup. They parse; the services in `services.offers` decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from estatedesk.contacts.models import Contact
from estatedesk.documents.models import Document
from estatedesk.properties.models import Property

from .choices import Preference
from .models import RejectionReason
from .services.offers import MESSAGE_MAX_LENGTH, REASON_TEXT_MAX_LENGTH

RATINGS = [(str(n), str(n)) for n in range(1, 6)]


class ReactionForm(forms.Form):
    """Preference buttons (the submit button pressed), a rating, and reasons when not for me."""

    preference = forms.ChoiceField(label=_("Your verdict"), choices=Preference.choices)
    rating = forms.TypedChoiceField(
        label=_("Rating"), choices=RATINGS, coerce=int, empty_value=None, required=False,
        widget=forms.RadioSelect,
    )  # fmt: skip
    reasons = forms.ModelMultipleChoiceField(
        label=_("Why not?"), queryset=RejectionReason.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    reason_text = forms.CharField(
        label=_("In your words"), max_length=REASON_TEXT_MAX_LENGTH, required=False
    )

    def __init__(self, *args: Any, office_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["reasons"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = RejectionReason.objects.filter(office_id=office_id, is_active=True)


class MessageForm(forms.Form):
    body = forms.CharField(
        label=_("Message"), max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )  # fmt: skip


def _visible_field(field: forms.Field, queryset: Any) -> None:
    assert isinstance(field, forms.ModelChoiceField)
    field.queryset = queryset


class OfferPropertiesForm(forms.Form):
    """From a contact: which properties (visible ones), a note, and documents to share."""

    properties = forms.ModelMultipleChoiceField(
        label=_("Properties"), queryset=Property.objects.none()
    )
    note = forms.CharField(
        label=_("Note to the client"), required=False, max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )  # fmt: skip
    documents = forms.ModelMultipleChoiceField(
        label=_("Documents to share"), queryset=Document.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _visible_field(self.fields["properties"], Property.objects.visible_to(actor))
        # Which documents may go with which property is the service's rule.
        _visible_field(self.fields["documents"], Document.objects.filter(office_id=actor.office_id))


class OfferToContactForm(forms.Form):
    """From a property: to which contact (a visible one), a note, and documents to share."""

    contact = forms.ModelChoiceField(label=_("Contact"), queryset=Contact.objects.none())
    note = OfferPropertiesForm.base_fields["note"]
    documents = OfferPropertiesForm.base_fields["documents"]

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _visible_field(self.fields["contact"], Contact.objects.visible_to(actor))
        _visible_field(self.fields["documents"], Document.objects.filter(office_id=actor.office_id))


class OfferDocumentsForm(forms.Form):
    documents = OfferPropertiesForm.base_fields["documents"]

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _visible_field(self.fields["documents"], Document.objects.filter(office_id=actor.office_id))


class RejectionReasonForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=80)
    asks_for_text = forms.BooleanField(
        label=_("Asks for an explanation"), required=False,
        help_text=_("The client is asked to say why in their own words, as for “Other”."),
    )  # fmt: skip

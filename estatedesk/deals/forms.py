"""Forms for deals, commission splits and pipeline stages; the services do the saving."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django import forms
from django.forms import formset_factory
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from estatedesk.contacts.models import Contact, Relation

from .choices import StageKind
from .models import Deal, PipelineStage

if TYPE_CHECKING:
    from estatedesk.accounts.models import User

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PickerSelect(forms.Select):
    """A select offering only the chosen record, with a search box that fetches matches.

    An office may have a million contacts: the select never lists them all. Typing in the
    box asks `deals:pick` (htmx) for the visible records that match, as `<option>`s that
    replace the select's options; the chosen one stays first.
    """

    def __init__(self, *args, kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.queryset = None

    def optgroups(self, name, value, attrs=None):
        chosen = [v for v in value if str(v).isdigit()]
        self.choices = [("", "---------")]
        if chosen and self.queryset is not None:
            self.choices += [(o.pk, str(o)) for o in self.queryset.filter(pk__in=chosen)]
        return super().optgroups(name, value, attrs)

    def render(self, name, value, attrs=None, renderer=None):
        select = super().render(name, value, attrs, renderer)
        select_id = (attrs or {}).get("id") or f"id_{name}"
        url = reverse("deals:pick", args=[self.kind])
        search = format_html(
            '<input type="search" name="q" id="{id}_search" class="picker-search" '
            'placeholder="{placeholder}" aria-label="{placeholder}" autocomplete="off" '
            'hx-get="{url}?field={name}" hx-trigger="input changed delay:300ms, search" '
            'hx-target="#{id}" hx-swap="innerHTML" hx-include="#{id}">',
            id=select_id, url=url, name=name, placeholder=_("Type to search…"),
        )  # fmt: skip
        return format_html('<div class="picker">{}{}</div>', search, select)


PICKERS = {
    "property": "property",
    "buyer_contact": "contact",
    "seller_contact": "contact",
    "buyer_relation": "relation",
    "seller_relation": "relation",
}


class DealForm(forms.ModelForm):
    """A deal for one user: stages of the office, only the people and properties they see.

    A linked record the user cannot see (a colleague's personal contact) is left out of the
    form, so saving keeps it instead of offering or clearing it.
    """

    class Meta:
        model = Deal
        fields = ["title", "kind", "stage", "value", "expected_close_date", "property",
                  "buyer_contact", "buyer_relation", "seller_contact", "seller_relation",
                  "commission_type", "commission_value", "lost_reason", "notes", "owner",
                  "visibility", "is_active"]  # fmt: skip
        widgets = {
            "expected_close_date": DATE,
            "notes": forms.Textarea(attrs={"rows": 3}),
            "visibility": forms.RadioSelect,
        }

    sections = [
        (_("Deal"), ["title", "kind", "stage", "lost_reason", "value", "expected_close_date",
                     "property"]),
        (_("Buyer or tenant"), ["buyer_contact", "buyer_relation"]),
        (_("Seller or landlord"), ["seller_contact", "seller_relation"]),
        (_("Commission"), ["commission_type", "commission_value"]),
        (_("Notes"), ["notes"]),
        (_("Ownership"), ["owner", "visibility", "is_active"]),
    ]  # fmt: skip
    # The labels of the linked records the user cannot see (kept, not shown).
    hidden_links: list[str]

    def __init__(self, *args, actor, **kwargs):
        from estatedesk.properties.models import Property

        super().__init__(*args, **kwargs)
        self.actor = actor
        instance = self.instance
        creating = instance.pk is None
        self.fields["stage"].queryset = PipelineStage.objects.offered(
            actor.office_id, instance.stage_id
        )
        self.fields["stage"].required = False
        self.fields["stage"].empty_label = _("First stage of the pipeline")
        self.hidden_links = []
        sources = {
            "property": Property,
            "buyer_contact": Contact,
            "seller_contact": Contact,
            "buyer_relation": Relation,
            "seller_relation": Relation,
        }
        for name, model in sources.items():
            visible = model.objects.visible_to(actor)
            current = getattr(instance, f"{name}_id")
            if current and not visible.filter(pk=current).exists():
                self.hidden_links.append(str(self.fields[name].label))
                del self.fields[name]
                continue
            self.fields[name].queryset = visible
            self.fields[name].widget = PickerSelect(kind=PICKERS[name])
            self.fields[name].widget.queryset = visible
        if actor.is_office_admin:
            self.fields["owner"].queryset = actor.office.users.filter(is_active=True)
            self.fields["owner"].required = False
            if creating and not self.initial.get("owner"):
                self.initial["owner"] = actor.pk
        else:
            del self.fields["owner"]
        if not (creating or instance.can_administer(actor)):
            del self.fields["visibility"]


class SplitForm(forms.Form):
    agent: forms.ModelChoiceField[User] = forms.ModelChoiceField(
        queryset=None, label=_("Agent"), required=False
    )
    share = forms.DecimalField(label=_("Share (%)"), max_digits=5, decimal_places=2,
                               required=False)  # fmt: skip

    def __init__(self, *args, agents, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agent"].queryset = agents

    def clean(self):
        data = super().clean()
        if data.get("agent") and data.get("share") is None:
            self.add_error("share", _("Give the agent's share."))
        if data.get("share") is not None and not data.get("agent"):
            self.add_error("agent", _("Choose the agent this share is for."))
        return data


class BaseSplitFormSet(forms.BaseFormSet):
    def rows(self) -> list[dict]:
        """The filled-in rows, in order, without the deleted ones."""
        return [
            {"agent": f.cleaned_data["agent"], "share": f.cleaned_data["share"]}
            for f in self.forms
            if f.cleaned_data.get("agent") and not f.cleaned_data.get("DELETE")
        ]


SplitFormSet = formset_factory(SplitForm, formset=BaseSplitFormSet, extra=2, can_delete=True)


class StageForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=StageKind.choices,
        initial=StageKind.OPEN,
        help_text=_("Deals entering a won or lost stage are closed; lost asks for a reason."),
    )


class StageRenameForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)

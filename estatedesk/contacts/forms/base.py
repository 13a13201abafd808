"""The form every lead, contact and relation form builds on: owner, sharing, sources,
the user's categories and the office's custom fields."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from estatedesk.classification.models import Category, LeadSource
from estatedesk.classification.tree import tree_choices
from estatedesk.core import customfields


class RecordForm(forms.ModelForm):
    """A lead/contact/relation form for one user.

    Owner is offered to office administrators only; visibility only to whoever may administer
    the record. Sources are the office's active ones (plus the current one). Categories are the
    user's own. Custom fields of the office appear as `cf_<key>`.
    """

    target: str = ""

    categories = forms.MultipleChoiceField(
        label=gettext_lazy("My categories"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.actor = actor
        instance = self.instance
        creating = instance.pk is None
        may_administer = creating or instance.can_administer(actor)
        if "source" in self.fields:
            self.fields["source"].queryset = LeadSource.objects.offered(
                actor.office_id, instance.source_id
            )
            self.fields["source"].label_from_instance = source_label
        if "owner" in self.fields:
            if actor.is_office_admin:
                self.fields["owner"].queryset = actor.office.users.filter(is_active=True)
                self.fields["owner"].required = False
                if creating and not self.initial.get("owner"):
                    self.initial["owner"] = actor.pk
            else:
                del self.fields["owner"]
        if "visibility" in self.fields and not may_administer:
            del self.fields["visibility"]
        self._tree = list(Category.objects.of_user(actor))
        self.fields["categories"].choices = tree_choices(self._tree)
        if not creating:
            own = {c.pk for c in self._tree}
            self.initial.setdefault(
                "categories",
                [str(c.pk) for c in instance.categories.all() if c.pk in own],
            )
        self.custom_definitions = customfields.definitions(actor.office_id, self.target)
        for definition in self.custom_definitions:
            name = customfields.PREFIX + definition.key
            self.fields[name] = customfields.form_field(definition)
            value = instance.custom_fields.get(definition.key) if instance.custom_fields else None
            self.initial.setdefault(name, customfields.from_json(definition, value))

    def selected_categories(self) -> list[Category]:
        chosen = {int(pk) for pk in self.cleaned_data.get("categories", [])}
        return [c for c in self._tree if c.pk in chosen]

    def custom_values(self) -> dict:
        return {
            d.key: value
            for d in self.custom_definitions
            if (
                value := customfields.to_json(d, self.cleaned_data.get(customfields.PREFIX + d.key))
            )
            is not None
        }

    def custom_field_names(self) -> list[str]:
        return [customfields.PREFIX + d.key for d in self.custom_definitions]


def source_label(source: LeadSource) -> str:
    """A deactivated source still shows on old records, marked so nobody picks it anew."""
    if source.is_active:
        return source.name
    return _("%(name)s (inactive)") % {"name": source.name}

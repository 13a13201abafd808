"""The deal list's filters: one definition for the web list and the API."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from estatedesk.core.choices import Visibility
from estatedesk.core.filtersets import ACTIVE_CHOICES, OfficeFilterSet, StableOrderingFilter

from .choices import DealKind, StageKind
from .models import Deal, PipelineStage
from .querysets import DealQuerySet

DATE = forms.DateInput(attrs={"type": "date"})


class DealFilterSet(OfficeFilterSet):
    """Needs the request (for the office's stages, agents and visible properties); the
    queryset it is given must already be `visible_to(request.user)`."""

    q = django_filters.CharFilter(
        method="filter_search",
        label=_("Search"),
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("Title, property, people…")}
        ),
    )
    status = django_filters.ChoiceFilter(choices=StageKind.choices, label=_("Open, won or lost"))
    stage = django_filters.ModelMultipleChoiceFilter(
        queryset=PipelineStage.objects.none(),
        label=_("Stage"),
        distinct=False,
        widget=forms.CheckboxSelectMultiple,
    )
    kind = django_filters.ChoiceFilter(choices=DealKind.choices, label=_("Kind"))
    owner = django_filters.ModelChoiceFilter(queryset=None, label=_("Agent"))
    value_min = django_filters.NumberFilter(field_name="value", lookup_expr="gte",
                                            label=_("Value from"))  # fmt: skip
    value_max = django_filters.NumberFilter(field_name="value", lookup_expr="lte",
                                            label=_("Value to"))  # fmt: skip
    close_from = django_filters.DateFilter(
        field_name="expected_close_date", lookup_expr="gte", label=_("Expected close from"),
        widget=DATE,
    )  # fmt: skip
    close_to = django_filters.DateFilter(
        field_name="expected_close_date", lookup_expr="lte", label=_("Expected close to"),
        widget=DATE,
    )  # fmt: skip
    property = django_filters.ModelChoiceFilter(queryset=None, label=_("Property"))
    active = django_filters.ChoiceFilter(
        choices=ACTIVE_CHOICES, label=_("Active"), method="filter_active"
    )
    visibility = django_filters.ChoiceFilter(choices=Visibility.choices, label=_("Shared"))
    ordering = StableOrderingFilter(
        fields=(
            ("sort_name", "title"),
            ("stage__order", "stage"),
            ("value", "value"),
            ("expected_close_date", "close"),
            ("owner__full_name", "owner"),
            ("created_at", "created"),
            ("updated_at", "updated"),
        ),
        nulls_low=("value", "expected_close_date"),
    )

    class Meta:
        model = Deal
        fields = ["q", "status", "stage", "kind", "owner", "value_min", "value_max",
                  "close_from", "close_to", "property", "active", "visibility"]  # fmt: skip

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        from estatedesk.properties.models import Property

        super().__init__(data, queryset, request=request, prefix=prefix)
        user = request.user
        self.user = user
        self.filters["stage"].queryset = PipelineStage.objects.for_office(user.office_id)
        self.filters["owner"].queryset = user.office.users.filter(is_active=True)
        self.filters["property"].queryset = Property.objects.visible_to(user)

    def filter_search(self, queryset: DealQuerySet, name: str, value: str) -> DealQuerySet:
        return queryset.search_title(value) if value.strip() else queryset

    def filter_active(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(is_active=(value == "true"))

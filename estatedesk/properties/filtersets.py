"""List filters for properties, projects and property links: shared by the web and the API."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from estatedesk.accounts import officecache
from estatedesk.core.choices import Visibility
from estatedesk.core.filtersets import (
    ACTIVE_CHOICES,
    IdFilter,
    KnownModelChoiceFilter,
    OfficeFilterSet,
    StableOrderingFilter,
    offer_owners,
)

from .choices import LinkRole, ListingKind, ProjectPhase, PropertyStatus, PropertyType
from .models import Project, Property, PropertyLink
from .selectors import search_words

NUMBER = {"min_value": 0, "widget": forms.NumberInput(attrs={"min": 0})}


class OfficeRecordFilterSet(OfficeFilterSet):
    """Search, owner, sharing and the active flag; needs the request like `RecordFilterSet`.

    The queryset it is given must already be `visible_to(request.user)`.
    """

    q = django_filters.CharFilter(method="filter_search", label=_("Search"))
    active = django_filters.ChoiceFilter(
        field_name="is_active", choices=ACTIVE_CHOICES, label=_("Active"), method="filter_active"
    )
    visibility = django_filters.ChoiceFilter(choices=Visibility.choices, label=_("Shared"))
    owner = KnownModelChoiceFilter(queryset=None, label=_("Owner"))

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        super().__init__(data, queryset, request=request, prefix=prefix)
        self.user = request.user
        # The queryset describes the filter in the API schema; the choices and the check of a
        # chosen owner come from the office's cached users (`offer_owners`).
        self.filters["owner"].queryset = self.user.office.users.filter(is_active=True)

    @property
    def form(self):
        if not hasattr(self, "_form"):
            form = super().form
            if "owner" in form.fields:
                offer_owners(form.fields["owner"], officecache.active_users(self.user.office))
        return self._form

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return search_words(queryset, value)

    def filter_active(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(is_active=(value == "true"))


class PropertyFilterSet(OfficeRecordFilterSet):
    q = django_filters.CharFilter(
        method="filter_search",
        label=_("Search"),
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("Reference, street, postal code, city…")}
        ),
    )
    # distinct=False: these filter columns of the property itself, so rows cannot repeat.
    property_type = django_filters.MultipleChoiceFilter(
        choices=PropertyType.choices, label=_("Type"), distinct=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    listing_kind = django_filters.ChoiceFilter(choices=ListingKind.choices, label=_("Listing"))
    status = django_filters.MultipleChoiceFilter(
        choices=PropertyStatus.choices, label=_("Status"), distinct=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    price_min = django_filters.NumberFilter(
        field_name="asking_price", lookup_expr="gte", label=_("Price from"), **NUMBER
    )
    price_max = django_filters.NumberFilter(
        field_name="asking_price", lookup_expr="lte", label=_("Price to"), **NUMBER
    )
    bedrooms_min = django_filters.NumberFilter(
        field_name="bedrooms", lookup_expr="gte", label=_("Bedrooms at least"), **NUMBER
    )
    area_min = django_filters.NumberFilter(
        field_name="living_area", lookup_expr="gte", label=_("Living area from (m²)"), **NUMBER
    )
    area_max = django_filters.NumberFilter(
        field_name="living_area", lookup_expr="lte", label=_("Living area to (m²)"), **NUMBER
    )
    city = django_filters.CharFilter(lookup_expr="iexact", label=_("City"))
    project = django_filters.ModelChoiceFilter(queryset=None, label=_("Project"))
    ordering = StableOrderingFilter(
        fields=(
            ("sort_name", "reference"),
            ("asking_price", "price"),
            ("living_area", "area"),
            ("created_at", "created"),
            ("updated_at", "updated"),
        ),
        nulls_low=("asking_price", "living_area"),
    )

    class Meta:
        model = Property
        fields = [
            "q", "property_type", "listing_kind", "status", "price_min", "price_max",
            "bedrooms_min", "area_min", "area_max", "city", "owner", "visibility", "project",
            "active",
        ]  # fmt: skip

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        super().__init__(data, queryset, request=request, prefix=prefix)
        self.filters["owner"].label = _("Listing agent")
        self.filters["project"].queryset = Project.objects.visible_to(self.user).only("name")


class ProjectFilterSet(OfficeRecordFilterSet):
    q = django_filters.CharFilter(
        method="filter_search",
        label=_("Search"),
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Name, city…")}),
    )
    phase = django_filters.MultipleChoiceFilter(
        choices=ProjectPhase.choices, label=_("Phase"), distinct=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    city = django_filters.CharFilter(lookup_expr="iexact", label=_("City"))
    ordering = StableOrderingFilter(
        fields=(
            ("sort_name", "name"),
            ("phase", "phase"),
            ("delivery_date", "delivery"),
            ("created_at", "created"),
        ),
        nulls_low=("delivery_date",),
    )

    class Meta:
        model = Project
        fields = ["q", "phase", "city", "owner", "visibility", "active"]


class PropertyLinkFilterSet(django_filters.FilterSet):
    """One property's people, or one contact's, relation's or lead's properties.

    The queryset it is given must already hold only links whose both ends are visible.
    """

    property = IdFilter(field_name="property_id", label=_("Property id"))
    contact = IdFilter(field_name="contact_id", label=_("Contact id"))
    relation = IdFilter(field_name="relation_id", label=_("Relation id"))
    lead = IdFilter(field_name="lead_id", label=_("Lead id"))
    role = django_filters.MultipleChoiceFilter(
        choices=LinkRole.choices, label=_("Role"), distinct=False
    )

    class Meta:
        model = PropertyLink
        fields = ["property", "contact", "relation", "lead", "role"]

"""List filters for leads, contacts and relations: one definition for the web and the API."""

from datetime import timedelta

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from estatedesk.core.filtersets import RecordFilterSet, StableOrderingFilter

from .choices import LeadStatus, RelationType, Urgency
from .models import Contact, ContactCategory, Lead, LeadCategory, Relation, RelationCategory


def not_contacted_filter() -> django_filters.NumberFilter:
    """The "not contacted for N days" filter: last contacted longer ago than that, or never."""
    return django_filters.NumberFilter(
        method=filter_not_contacted,
        label=_("Not contacted for (days)"),
        min_value=1,
        max_value=36500,
        widget=forms.NumberInput(attrs={"placeholder": _("e.g. 90"), "min": 1}),
    )


def filter_not_contacted(queryset: QuerySet, name: str, value) -> QuerySet:
    if value in (None, ""):
        return queryset
    since = timezone.now() - timedelta(days=int(value))
    return queryset.filter(Q(last_contacted_at__isnull=True) | Q(last_contacted_at__lt=since))


class LeadFilterSet(RecordFilterSet):
    target = "lead"
    category_link_model = LeadCategory

    status = django_filters.MultipleChoiceFilter(
        choices=LeadStatus.choices, label=_("Status"), distinct=False
    )
    urgency = django_filters.ChoiceFilter(choices=Urgency.choices, label=_("Urgency"))
    not_contacted_days = not_contacted_filter()
    ordering = StableOrderingFilter(
        fields=(
            ("sort_name", "name"),
            ("status", "status"),
            ("source__name", "source"),
            ("score", "score"),
            ("created_at", "created"),
            ("last_contacted_at", "last_contacted"),
            ("owner__full_name", "owner"),
        ),
        nulls_low=("last_contacted_at",),
    )

    class Meta:
        model = Lead
        fields = ["q", "status", "source", "category", "active", "visibility", "owner", "urgency"]


class ContactFilterSet(RecordFilterSet):
    target = "contact"
    category_link_model = ContactCategory

    city = django_filters.CharFilter(lookup_expr="iexact", label=_("City"))
    not_contacted_days = not_contacted_filter()
    ordering = StableOrderingFilter(
        fields=(
            ("sort_name", "name"),
            ("city", "city"),
            ("source__name", "source"),
            ("created_at", "created"),
            ("last_contacted_at", "last_contacted"),
            ("owner__full_name", "owner"),
        ),
        nulls_low=("last_contacted_at",),
    )

    class Meta:
        model = Contact
        fields = ["q", "source", "category", "active", "visibility", "owner", "city"]


class RelationFilterSet(RecordFilterSet):
    target = "relation"
    category_link_model = RelationCategory

    relation_type = django_filters.MultipleChoiceFilter(
        distinct=False, choices=RelationType.choices, label=_("Type")
    )
    ordering = StableOrderingFilter(
        fields=(
            ("sort_name", "name"),
            ("relation_type", "type"),
            ("city", "city"),
            ("source__name", "source"),
            ("created_at", "created"),
            ("owner__full_name", "owner"),
        ),
    )

    class Meta:
        model = Relation
        fields = ["q", "relation_type", "source", "category", "active", "visibility", "owner"]

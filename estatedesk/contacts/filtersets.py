"""List filters for leads, contacts and relations: one definition for the web and the API.

`RecordFilterSet` holds what the three share (search, the user's categories, sources, owner,
sharing, custom fields); `filter_by_links` decides how a category filter reaches the records.
"""

from __future__ import annotations

import time
from datetime import timedelta
from typing import Any

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from estatedesk.accounts import officecache
from estatedesk.classification import cache as classification_cache
from estatedesk.classification.models import LeadSource
from estatedesk.classification.services import descendant_ids
from estatedesk.core import customfields
from estatedesk.core.choices import Visibility
from estatedesk.core.expressions import HasLinkTo
from estatedesk.core.filtersets import (
    ACTIVE_CHOICES,
    CustomFieldFilter,
    KnownModelChoiceFilter,
    KnownModelMultipleChoiceFilter,
    OfficeFilterSet,
    StableOrderingFilter,
    offer_choices,
    offer_owners,
)
from estatedesk.core.querysets import RecordQuerySet

from .choices import LeadStatus, RelationType, Urgency
from .models import Contact, ContactCategory, Lead, LeadCategory, Relation, RelationCategory


class RecordFilterSet(OfficeFilterSet):
    """Filters shared by leads, contacts and relations; subclasses set Meta.model and `target`.

    It needs the request (for the user's categories, office sources and custom fields); the
    queryset it is given must already be `visible_to(request.user)`.
    """

    target: str = ""
    category_link_model: type | None = None

    q = django_filters.CharFilter(
        method="filter_search",
        label=_("Search"),
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Name, e-mail, phone…")}),
    )
    # distinct=False: these filter columns of the record itself (or a subquery), so rows cannot
    # repeat, and a DISTINCT over every selected column would sort the whole match set.
    category = django_filters.MultipleChoiceFilter(
        distinct=False,
        method="filter_category",
        label=_("My categories"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("A category includes its subcategories."),
    )
    source = KnownModelMultipleChoiceFilter(
        distinct=False, queryset=LeadSource.objects.none(), label=_("Source")
    )
    active = django_filters.ChoiceFilter(
        field_name="is_active", choices=ACTIVE_CHOICES, label=_("Active"), method="filter_active"
    )
    visibility = django_filters.ChoiceFilter(choices=Visibility.choices, label=_("Shared"))
    owner = KnownModelChoiceFilter(queryset=None, label=_("Owner"))

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        super().__init__(data, queryset, request=request, prefix=prefix)
        user = request.user
        self.user = user
        # The office's lists come from the process's copy (accounts.officecache): reading four
        # tables on every list view cost more than the page's rows.
        office = user.office
        self._tree = classification_cache.categories(user)
        self.filters["category"].extra["choices"] = classification_cache.category_choices(user)
        # The querysets describe the filters in the API schema; the choices the form offers, and
        # the check of a chosen value, come from the cached lists (see `form`).
        self.filters["source"].queryset = LeadSource.objects.for_office(user.office_id)
        self.filters["owner"].queryset = office.users.filter(is_active=True)
        self.custom_definitions = [
            d for d in officecache.custom_fields(office, self.target) if d.filterable
        ]
        for definition in self.custom_definitions:
            self.filters[customfields.PREFIX + definition.key] = CustomFieldFilter(definition)

    def get_form_class(self):
        """The form class, built once per user and language while the office's lists stand.

        django-filter builds a new class on every request: a form field for each filter
        (choices normalised, widgets copied) and a class over them, a few milliseconds of a
        list page. What that class holds depends only on the filterset class, the user's
        categories, the office's sources, users and custom fields (`officecache`, under the
        office's stamp and the user's) and the language of the labels; each form is still a
        fresh instance with its own copies of the fields.
        """
        part = (
            "filter_form",
            type(self).__module__,
            type(self).__qualname__,
            translation.get_language(),
        )
        return officecache.cached(
            self.user.office,
            part,
            super().get_form_class,
            user=self.user,
        )

    @property
    def form(self):
        if not hasattr(self, "_form"):
            form = super().form
            office = self.user.office
            if "source" in form.fields:
                sources = classification_cache.lead_sources(office)
                offer_choices(form.fields["source"], [(s.pk, s.name) for s in sources])
                form.fields["source"].known = {str(s.pk): s.pk for s in sources}
            if "owner" in form.fields:
                offer_owners(form.fields["owner"], officecache.active_users(office))
        return self._form

    def filter_search(
        self, queryset: RecordQuerySet[Any], name: str, value: str
    ) -> RecordQuerySet[Any]:
        return queryset.search(value, office_id=self.user.office_id) if value.strip() else queryset

    def filter_active(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(is_active=(value == "true"))

    def filter_category(self, queryset: QuerySet, name: str, value: list[str]) -> QuerySet:
        if not value:
            return queryset
        own = {c.pk for c in self._tree}
        ids = descendant_ids(self._tree, {int(v) for v in value} & own)
        return filter_by_links(
            queryset, self.category_link_model, office_id=self.user.office_id, category_ids=ids
        )


# Up to this many linked records, a filter reads them by id; past it, it walks the list index.
LINKED_IDS_INLINE = 2000


# Which way a set of categories is filtered decides only how fast, never what is found, and
# it changes only when thousands of links come or go: each process remembers it for a while
# instead of probing on every page view (a query of its own, a round trip on a server).
PLAN_MEMORY_SECONDS = 300
_PLAN_MEMORY_SIZE = 4096
_plan_memory: dict[tuple, tuple[float, bool]] = {}


def _has_many_links(links: QuerySet, key: tuple) -> bool:
    """Whether `links` holds more than LINKED_IDS_INLINE rows (looked up past the limit)."""
    key = (*key, LINKED_IDS_INLINE)
    now = time.monotonic()
    remembered = _plan_memory.get(key)
    if remembered is not None and now - remembered[0] < PLAN_MEMORY_SECONDS:
        return remembered[1]
    past_limit = links.values_list("record_id", flat=True)[
        LINKED_IDS_INLINE : LINKED_IDS_INLINE + 1
    ]
    many = bool(list(past_limit))
    if len(_plan_memory) >= _PLAN_MEMORY_SIZE:
        _plan_memory.clear()
    _plan_memory[key] = (now, many)
    return many


def forget_plans() -> None:
    """Forget every remembered filter plan (tests)."""
    _plan_memory.clear()


def filter_by_links(
    queryset: QuerySet, link_model, *, office_id: int, category_ids: set[int]
) -> QuerySet:
    """Records with a link (a row of `link_model`: `record_id`, `category_id`) to one of
    `category_ids`, fast however many records those categories hold.

    Few linked records (a small category): `id IN (their ids)` as a subquery, so the database
    fetches those rows by primary key and sorts a handful (without the ids making a round trip
    through Python: 1,400 of them as parameters cost more than the query). Many (a parent category
    with thousands of contacts): the database walks the list index in the page's order and
    tests each candidate, stopping after a page (`core.expressions.HasLinkTo`: on SQLite a
    correlated scalar subquery on the link table's (record, category) index, which neither
    database turns into a join or a hashed set of every linked record; on PostgreSQL the
    record's own `category_ids` mirror). Which of the two is decided by looking for the link
    just past the inline limit, without fetching the others.
    """
    links = link_model.objects.filter(office_id=office_id, category_id__in=category_ids)
    if not _has_many_links(links, (link_model._meta.label, office_id, frozenset(category_ids))):
        return queryset.filter(pk__in=links.values("record_id"))
    return queryset.filter(HasLinkTo(link_model, category_ids))


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

"""Filters of the staff's offer list in the API: one contact's offers, one property's."""

import django_filters
from django.utils.translation import gettext_lazy as _

from estatedesk.core.filtersets import IdFilter

from .models import Offer


class OfferFilterSet(django_filters.FilterSet):
    """The queryset it is given must already hold only offers the user may see."""

    contact = IdFilter(field_name="contact_id", label=_("Contact id"))
    property = IdFilter(field_name="property_id", label=_("Property id"))
    withdrawn = django_filters.BooleanFilter(
        field_name="withdrawn_at", lookup_expr="isnull", exclude=True, label=_("Withdrawn")
    )

    class Meta:
        model = Offer
        fields = ["contact", "property", "withdrawn"]

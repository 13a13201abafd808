"""`{% deal_table %}`: the deals list page's table."""

from django import template
from django.utils.safestring import SafeString

from estatedesk.deals.tables import DealTable

register = template.Library()


@register.simple_tag(takes_context=True)
def deal_table(context) -> SafeString:
    return DealTable().render(context)

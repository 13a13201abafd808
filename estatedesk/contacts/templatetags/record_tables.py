"""`{% lead_table %}`, `{% contact_table %}`, `{% relation_table %}`: a list page's table."""

from django import template
from django.utils.safestring import SafeString

from estatedesk.contacts.tables import ContactTable, LeadTable, RelationTable

register = template.Library()


@register.simple_tag(takes_context=True)
def lead_table(context) -> SafeString:
    return LeadTable().render(context)


@register.simple_tag(takes_context=True)
def contact_table(context) -> SafeString:
    return ContactTable().render(context)


@register.simple_tag(takes_context=True)
def relation_table(context) -> SafeString:
    return RelationTable().render(context)

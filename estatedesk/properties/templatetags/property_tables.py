"""`{% property_table %}`, `{% project_table %}`: a list page's table."""

from django import template
from django.utils.safestring import SafeString

from estatedesk.properties.tables import ProjectTable, PropertyTable

register = template.Library()


@register.simple_tag(takes_context=True)
def property_table(context) -> SafeString:
    return PropertyTable().render(context)


@register.simple_tag(takes_context=True)
def project_table(context) -> SafeString:
    return ProjectTable().render(context)

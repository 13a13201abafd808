"""`{% contact_rows rows %}`, `{% lead_rows rows %}`, `{% relation_rows rows %}`: a list's rows."""

from django import template

from estatedesk.contacts import tables

register = template.Library()

register.simple_tag(tables.contact_rows, name="contact_rows")
register.simple_tag(tables.lead_rows, name="lead_rows")
register.simple_tag(tables.relation_rows, name="relation_rows")

"""`{% contact_offers_panel %}`: a contact's offers on its Portal tab, whichever view renders
the tab (the tab's own context needs to know nothing about offers)."""

from typing import Any

from django import template

from ..views.staff_offers import contact_offers_context

register = template.Library()


@register.inclusion_tag("portal/staff/offers/_contact_panel.html", takes_context=True)
def contact_offers_panel(context: Any, contact: Any = None) -> dict[str, Any]:
    request = context["request"]
    contact = contact if contact is not None else context.get("contact") or context["object"]
    return {
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "object": contact,
        **contact_offers_context(request, contact),
    }

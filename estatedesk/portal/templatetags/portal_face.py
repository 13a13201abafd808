"""The portal's frame: its navigation and account menu, for `portal/base.html`.

The pages the navigation names are served by several parts of the portal; a link shows only
once its URL name exists, so the frame works before and after they are all in place.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext as _

from estatedesk.properties.choices import LinkRole
from estatedesk.properties.models import PropertyLink

from ..models import PortalAccess
from ..views.access import url_or_none

register = template.Library()

OWNER_ROLES = (LinkRole.SELLER, LinkRole.LANDLORD, LinkRole.OWNER)


@register.simple_tag(takes_context=True)
def portal_frame(context: template.Context) -> dict[str, Any]:
    """{"nav": [(label, url, current)], "several": whether the login holds several
    accesses}; two queries at most, whatever the page."""
    request = context.get("request")
    portal = getattr(request, "portal", None)
    if portal is None:
        return {"nav": [], "several": False}
    here = request.path if request is not None else ""
    links = [
        (_("My properties"), url_or_none("portal:offer_list")),
        (_("Viewings"), url_or_none("portal:viewing_list")),
    ]
    owners_url = url_or_none("portal:owner_listings")
    if owners_url is not None and (
        PropertyLink.objects.filter(
            office_id=portal.access.office_id,
            contact_id=portal.access.contact_id,
            role__in=OWNER_ROLES,
        ).exists()
    ):
        links.append((_("My listing"), owners_url))
    several = PortalAccess.objects.usable().filter(user_id=portal.access.user_id).count() > 1
    nav = [(label, url, here.startswith(url)) for label, url in links if url is not None]
    return {"nav": nav, "several": several}

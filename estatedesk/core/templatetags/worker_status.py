"""The tag behind the banner that tells office administrators the background worker is down."""

from typing import Any

from django import template

from estatedesk.core import heartbeat

register = template.Library()


@register.simple_tag(takes_context=True)
def worker_down_for_admin(context: Any) -> bool:
    """True for an office administrator while the worker is down; agents are not asked."""
    user = context.get("user")
    if user is None or not user.is_authenticated or not getattr(user, "is_office_admin", False):
        return False
    return heartbeat.worker_down()

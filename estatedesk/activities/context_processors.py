"""The navigation bar's counts: open tasks and unread notifications, in one query, lazily."""

from django.utils.functional import SimpleLazyObject

from . import selectors


def nav_counts(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.is_staff_member:
        return {}
    # Lazy: an htmx fragment that shows no navigation bar runs no query for it.
    return {"nav_counts": SimpleLazyObject(lambda: selectors.nav_counts(user))}

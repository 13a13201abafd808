"""staff_owners views of the client portal."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []


def register_tabs() -> None:
    """Called from `PortalConfig.ready()`."""

"""The request types the views are given, for type hints: htmx's details, a logged-in user."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails
from rest_framework.request import Request

if TYPE_CHECKING:
    # django-stubs reads this alias as settings.AUTH_USER_MODEL (accounts.User), which core
    # may not import.
    from django.contrib.auth.models import _User


class HtmxHttpRequest(HttpRequest):
    """`HtmxMiddleware` sets `htmx` on every request (django-htmx's recipe for typing it)."""

    htmx: HtmxDetails


class StaffRequest(HtmxHttpRequest):
    """A request the office's views serve (`core.permissions`): its user is logged in."""

    user: _User


class StaffApiRequest(Request):
    """An API request the viewsets serve (`core.api.permissions`): its user is logged in."""

    user: _User

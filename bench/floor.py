"""The floor under every page: the app's layout with nothing in it, behind the same login.

Scenario 0 requests it through the same stack as the other scenarios (middleware, the session
and its user, the office's time zone, the layout with its menu and messages), so that a list's
time reads against what any page of the app costs before it shows a row. The bench uses this
URLconf (the app's own, plus this page) only while it times scenario 0.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import path
from django.views import View

from estatedesk.core.views import StaffRequiredMixin
from estatedesk.urls import urlpatterns as app_urlpatterns


class EmptyPage(StaffRequiredMixin, View):
    def get(self, request: HttpRequest) -> HttpResponse:
        return TemplateResponse(request, "base.html", {"nav": ""})


urlpatterns = [*app_urlpatterns, path("bench/floor/", EmptyPage.as_view(), name="bench_floor")]

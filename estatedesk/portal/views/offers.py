"""offers views of the client portal."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []

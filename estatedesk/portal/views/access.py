"""Logging in to the client portal, accepting an invitation, resetting a password."""

from django.contrib.auth import views as auth_views
from django.urls import URLPattern, path

urlpatterns: list[URLPattern] = [
    # A placeholder the access work replaces (its own form, throttling, staff refused).
    path("login/", auth_views.LoginView.as_view(template_name="portal/login.html"), name="login"),
]

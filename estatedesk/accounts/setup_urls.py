from django.urls import path

from . import setup_views

app_name = "setup"

urlpatterns = [
    path("", setup_views.SetupIndexView.as_view(), name="index"),
]

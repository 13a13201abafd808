from django.urls import path

from . import views

app_name = "classification"

urlpatterns = [
    path("", views.CategoryTreeView.as_view(), name="category_tree"),
]

"""Web-form lead capture: the public endpoint, and Setup pages for office administrators."""

from django.urls import path

from . import views

app_name = "capture"

urlpatterns = [
    path("f/<str:key>/", views.SubmitView.as_view(), name="submit"),
    path("setup/forms/", views.FormListView.as_view(), name="form_list"),
    path("setup/forms/new/", views.FormEditView.as_view(), name="form_create"),
    path("setup/forms/<int:pk>/", views.FormDetailView.as_view(), name="form_detail"),
    path("setup/forms/<int:pk>/edit/", views.FormEditView.as_view(), name="form_edit"),
    path("setup/forms/<int:pk>/active/", views.FormActiveView.as_view(), name="form_active"),
]

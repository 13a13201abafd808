from django.urls import path

from . import views

app_name = "documents"
urlpatterns = [
    path(
        "upload/<str:app_label>/<str:model>/<int:pk>/",
        views.DocumentUploadView.as_view(),
        name="upload",
    ),
    path("<int:pk>/download/", views.DocumentDownloadView.as_view(), name="download"),
    path("<int:pk>/delete/", views.DocumentDeleteView.as_view(), name="delete"),
]

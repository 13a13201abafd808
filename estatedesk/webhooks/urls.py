from django.urls import path

from . import views

app_name = "webhooks"

urlpatterns = [
    path("", views.WebhookListView.as_view(), name="list"),
    path("new/", views.WebhookEditView.as_view(), name="create"),
    path("<int:pk>/", views.WebhookEditView.as_view(), name="edit"),
    path("<int:pk>/secret/", views.WebhookSecretView.as_view(), name="secret"),
    path("<int:pk>/test/", views.WebhookTestView.as_view(), name="test"),
    path("<int:pk>/delete/", views.WebhookDeleteView.as_view(), name="delete"),
    path("<int:pk>/deliveries/", views.DeliveryListView.as_view(), name="deliveries"),
    path(
        "<int:pk>/deliveries/<int:delivery_pk>/retry/",
        views.DeliveryRetryView.as_view(),
        name="delivery_retry",
    ),
]

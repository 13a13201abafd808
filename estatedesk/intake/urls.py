"""E-mail to lead: the authenticated endpoint, and Setup pages for office administrators."""

from django.urls import path

from . import views

app_name = "intake"

urlpatterns = [
    path("messages/", views.MessageEndpointView.as_view(), name="messages"),
    path("setup/mailboxes/", views.MailboxListView.as_view(), name="mailbox_list"),
    path("setup/mailboxes/new/", views.MailboxEditView.as_view(), name="mailbox_create"),
    path("setup/mailboxes/<int:pk>/", views.MailboxDetailView.as_view(), name="mailbox_detail"),
    path("setup/mailboxes/<int:pk>/edit/", views.MailboxEditView.as_view(), name="mailbox_edit"),
    path(
        "setup/mailboxes/<int:pk>/active/",
        views.MailboxActiveView.as_view(),
        name="mailbox_active",
    ),
    path(
        "setup/mailboxes/<int:pk>/secret/",
        views.MailboxSecretView.as_view(),
        name="mailbox_secret",
    ),
]

from django.urls import path

from . import setup_views as views

app_name = "setup"

# The lead sources' pages are classification's (classification.setup_urls): estatedesk.urls
# serves both lists under /setup/ and this one namespace.

urlpatterns = [
    path("", views.SetupIndexView.as_view(), name="index"),
    path("users/", views.UserListView.as_view(), name="users"),
    path("users/invite/", views.UserInviteView.as_view(), name="user_invite"),
    path("users/<int:pk>/", views.UserDetailView.as_view(), name="user_detail"),
    path("users/<int:pk>/role/", views.UserRoleView.as_view(), name="user_role"),
    path("users/<int:pk>/active/", views.UserActiveView.as_view(), name="user_active"),
    path("users/<int:pk>/handover/", views.UserHandoverView.as_view(), name="user_handover"),
    path("office/", views.OfficeSettingsView.as_view(), name="office"),
    path("fields/", views.CustomFieldListView.as_view(), name="fields"),
    path("fields/new/", views.CustomFieldEditView.as_view(), name="field_create"),
    path("fields/<int:pk>/edit/", views.CustomFieldEditView.as_view(), name="field_edit"),
    path("fields/<int:pk>/active/", views.CustomFieldActiveView.as_view(), name="field_active"),
]

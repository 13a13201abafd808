from django.urls import path

from . import setup_views as views

app_name = "setup"

urlpatterns = [
    path("", views.SetupIndexView.as_view(), name="index"),
    path("users/", views.UserListView.as_view(), name="users"),
    path("users/invite/", views.UserInviteView.as_view(), name="user_invite"),
    path("users/<int:pk>/", views.UserDetailView.as_view(), name="user_detail"),
    path("users/<int:pk>/role/", views.UserRoleView.as_view(), name="user_role"),
    path("users/<int:pk>/active/", views.UserActiveView.as_view(), name="user_active"),
    path("users/<int:pk>/handover/", views.UserHandoverView.as_view(), name="user_handover"),
    path("office/", views.OfficeSettingsView.as_view(), name="office"),
    path("sources/", views.LeadSourceListView.as_view(), name="sources"),
    path("sources/<int:pk>/rename/", views.LeadSourceRenameView.as_view(), name="source_rename"),
    path("sources/<int:pk>/move/", views.LeadSourceMoveView.as_view(), name="source_move"),
    path("sources/<int:pk>/active/", views.LeadSourceActiveView.as_view(), name="source_active"),
    path("fields/", views.CustomFieldListView.as_view(), name="fields"),
    path("fields/new/", views.CustomFieldEditView.as_view(), name="field_create"),
    path("fields/<int:pk>/edit/", views.CustomFieldEditView.as_view(), name="field_edit"),
    path("fields/<int:pk>/active/", views.CustomFieldActiveView.as_view(), name="field_active"),
]

"""Setup › Lead sources: served under /setup/ in the `setup` namespace (see estatedesk.urls)."""

from django.urls import path

from . import setup_views as views

urlpatterns = [
    path("sources/", views.LeadSourceListView.as_view(), name="sources"),
    path("sources/<int:pk>/rename/", views.LeadSourceRenameView.as_view(), name="source_rename"),
    path("sources/<int:pk>/move/", views.LeadSourceMoveView.as_view(), name="source_move"),
    path("sources/<int:pk>/active/", views.LeadSourceActiveView.as_view(), name="source_active"),
]

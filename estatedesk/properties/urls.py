"""Properties, projects, photos, pickers and links, mounted at /properties/."""

from django.urls import path

from estatedesk.contacts.models import Contact, Lead, Relation

from . import link_views, photo_views, views
from .models import Project, Property

app_name = "properties"

urlpatterns = [
    path("", views.PropertyListView.as_view(), name="property_list"),
    path("new/", views.PropertyEditView.as_view(), name="property_create"),
    path("<int:pk>/", views.PropertyDetailView.as_view(), name="property_detail"),
    path("<int:pk>/edit/", views.PropertyEditView.as_view(), name="property_edit"),
    path("<int:pk>/delete/", views.PropertyDeleteView.as_view(), name="property_delete"),
    path("<int:pk>/share/", views.ShareView.as_view(model=Property), name="property_share"),
    path("<int:pk>/photos/", photo_views.PhotoUploadView.as_view(), name="photo_upload"),
    path("<int:pk>/photos/<int:photo_pk>/", photo_views.PhotoFileView.as_view(), name="photo_file"),
    path("<int:pk>/photos/<int:photo_pk>/thumbnail/",
         photo_views.PhotoFileView.as_view(thumbnail=True), name="photo_thumbnail"),
    path("<int:pk>/photos/<int:photo_pk>/delete/", photo_views.PhotoDeleteView.as_view(),
         name="photo_delete"),
    path("<int:pk>/photos/<int:photo_pk>/move/", photo_views.PhotoMoveView.as_view(),
         name="photo_move"),
    path("<int:pk>/links/", link_views.PropertyLinkAddView.as_view(), name="property_link_add"),
    path("links/<int:link_pk>/remove/", link_views.PropertyLinkRemoveView.as_view(),
         name="link_remove"),
    path("for-contact/<int:pk>/links/", link_views.PersonLinkAddView.as_view(model=Contact),
         name="contact_link_add"),
    path("for-relation/<int:pk>/links/", link_views.PersonLinkAddView.as_view(model=Relation),
         name="relation_link_add"),
    path("for-lead/<int:pk>/links/", link_views.PersonLinkAddView.as_view(model=Lead),
         name="lead_link_add"),
    path("picker/properties/", link_views.PropertyPickerView.as_view(), name="property_picker"),
    path("picker/people/", link_views.PersonPickerView.as_view(), name="person_picker"),
    path("projects/", views.ProjectListView.as_view(), name="project_list"),
    path("projects/new/", views.ProjectEditView.as_view(), name="project_create"),
    path("projects/<int:pk>/", views.ProjectDetailView.as_view(), name="project_detail"),
    path("projects/<int:pk>/edit/", views.ProjectEditView.as_view(), name="project_edit"),
    path("projects/<int:pk>/delete/", views.ProjectDeleteView.as_view(), name="project_delete"),
    path("projects/<int:pk>/share/", views.ShareView.as_view(model=Project),
         name="project_share"),
    path("projects/<int:pk>/people/", link_views.ProjectPersonAddView.as_view(),
         name="project_person_add"),
    path("projects/<int:pk>/people/<int:person_pk>/remove/",
         link_views.ProjectPersonRemoveView.as_view(), name="project_person_remove"),
]  # fmt: skip

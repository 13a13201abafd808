from django.urls import path

from . import views
from .models import Contact, Lead, Relation

app_name = "contacts"


def record_urls(prefix: str, name: str, model, list_view, detail_view, edit_view, delete_view):
    return [
        path(f"{prefix}/", list_view.as_view(), name=f"{name}_list"),
        path(f"{prefix}/new/", edit_view.as_view(), name=f"{name}_create"),
        path(f"{prefix}/<int:pk>/", detail_view.as_view(), name=f"{name}_detail"),
        path(f"{prefix}/<int:pk>/edit/", edit_view.as_view(), name=f"{name}_edit"),
        path(f"{prefix}/<int:pk>/delete/", delete_view.as_view(), name=f"{name}_delete"),
        path(
            f"{prefix}/<int:pk>/categories/",
            views.RecordCategoriesView.as_view(model=model),
            name=f"{name}_categories",
        ),
        path(
            f"{prefix}/<int:pk>/share/",
            views.RecordShareView.as_view(model=model),
            name=f"{name}_share",
        ),
    ]


urlpatterns = [
    *record_urls("leads", "lead", Lead, views.LeadListView, views.LeadDetailView,
                 views.LeadEditView, views.LeadDeleteView),
    *record_urls("contacts", "contact", Contact, views.ContactListView, views.ContactDetailView,
                 views.ContactEditView, views.ContactDeleteView),
    *record_urls("relations", "relation", Relation, views.RelationListView,
                 views.RelationDetailView, views.RelationEditView, views.RelationDeleteView),
    path("leads/<int:pk>/convert/", views.LeadConvertView.as_view(), name="lead_convert"),
    path("relations/<int:pk>/people/", views.ContactPersonAddView.as_view(),
         name="relation_person_add"),
    path("relations/<int:pk>/people/<int:person_pk>/remove/",
         views.ContactPersonRemoveView.as_view(), name="relation_person_remove"),
]  # fmt: skip

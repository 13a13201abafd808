from django.urls import path

from . import views

app_name = "classification"

urlpatterns = [
    path("", views.CategoryTreeView.as_view(), name="category_tree"),
    path("add/", views.CategoryCreateView.as_view(), name="category_create"),
    path("<int:pk>/rename/", views.CategoryRenameView.as_view(), name="category_rename"),
    path("<int:pk>/move/", views.CategoryMoveView.as_view(), name="category_move"),
    path("<int:pk>/reorder/", views.CategoryReorderView.as_view(), name="category_reorder"),
    path("<int:pk>/delete/", views.CategoryDeleteView.as_view(), name="category_delete"),
]

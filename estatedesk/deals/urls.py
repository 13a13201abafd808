from django.urls import path

from . import views

app_name = "deals"

urlpatterns = [
    path("", views.DealListView.as_view(), name="deal_list"),
    path("board/", views.DealBoardView.as_view(), name="board"),
    path("new/", views.DealEditView.as_view(), name="deal_create"),
    path("<int:pk>/", views.DealDetailView.as_view(), name="deal_detail"),
    path("<int:pk>/edit/", views.DealEditView.as_view(), name="deal_edit"),
    path("<int:pk>/delete/", views.DealDeleteView.as_view(), name="deal_delete"),
    path("<int:pk>/move/", views.DealMoveView.as_view(), name="deal_move"),
    path("pick/<str:kind>/", views.PickView.as_view(), name="pick"),
    path("stages/", views.StageListView.as_view(), name="stages"),
    path("stages/<int:pk>/rename/", views.StageRenameView.as_view(), name="stage_rename"),
    path("stages/<int:pk>/move/", views.StageMoveView.as_view(), name="stage_move"),
    path("stages/<int:pk>/active/", views.StageActiveView.as_view(), name="stage_active"),
    path("stages/<int:pk>/delete/", views.StageDeleteView.as_view(), name="stage_delete"),
]

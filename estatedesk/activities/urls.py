from django.urls import path, register_converter

from . import task_views, views

app_name = "activities"


class RecordKindConverter:
    regex = "lead|contact|relation"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(RecordKindConverter, "record_kind")

urlpatterns = [
    path("records/<record_kind:kind>/<int:pk>/timeline/", views.TimelineView.as_view(),
         name="timeline"),
    path("records/<record_kind:kind>/<int:pk>/log/", views.QuickLogView.as_view(),
         name="quick_log"),
    path("records/<record_kind:kind>/<int:pk>/activities/new/",
         views.ActivityCreateView.as_view(), name="activity_create"),
    path("records/<record_kind:kind>/<int:pk>/tasks/new/", task_views.TaskCreateView.as_view(),
         name="task_create"),
    path("activities/records/", views.RecordSearchView.as_view(), name="record_search"),
    path("activities/<int:pk>/", views.ActivityDetailView.as_view(), name="activity_detail"),
    path("activities/<int:pk>/edit/", views.ActivityEditView.as_view(), name="activity_edit"),
    path("activities/<int:pk>/delete/", views.ActivityDeleteView.as_view(),
         name="activity_delete"),
    path("activities/<int:pk>/appointment.ics", views.ActivityIcsView.as_view(),
         name="activity_ics"),
    path("tasks/", task_views.MyTasksView.as_view(), name="my_tasks"),
    path("tasks/badges/", task_views.NavBadgesView.as_view(), name="nav_badges"),
    path("tasks/<int:pk>/edit/", task_views.TaskEditView.as_view(), name="task_edit"),
    path("tasks/<int:pk>/done/", task_views.TaskDoneView.as_view(), name="task_done"),
    path("tasks/<int:pk>/delete/", task_views.TaskDeleteView.as_view(), name="task_delete"),
    path("notifications/<int:pk>/read/", task_views.NotificationReadView.as_view(),
         name="notification_read"),
    path("notifications/read/", task_views.NotificationReadView.as_view(),
         name="notifications_read_all"),
    path("calendar/", task_views.CalendarSettingsView.as_view(), name="calendar_settings"),
    path("calendar/feed/<str:token>.ics", task_views.CalendarFeedView.as_view(),
         name="calendar_feed"),
]  # fmt: skip

from django.urls import path

from . import views

app_name = "contactlinks"
urlpatterns = [
    path("<int:pk>/add/", views.ContactLinkAddView.as_view(), name="add"),
    path("<int:pk>/picker/", views.ContactPickerView.as_view(), name="picker"),
    path("<int:pk>/<int:link_pk>/remove/", views.ContactLinkRemoveView.as_view(), name="remove"),
]

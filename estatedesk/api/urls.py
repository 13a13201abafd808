"""The REST API under /api/: the router, the schema and its viewers, and the token page."""

from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from . import views
from .more_routes import register as register_more
from .resources import register as register_resources

app_name = "api"

router = DefaultRouter()
register_resources(router)
register_more(router)

urlpatterns = [
    path("tokens/", views.TokenListView.as_view(), name="tokens"),
    path("tokens/<int:pk>/revoke/", views.TokenRevokeView.as_view(), name="token_revoke"),
    path("tokens/<int:pk>/rename/", views.TokenRenameView.as_view(), name="token_rename"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    path("redoc/", SpectacularRedocView.as_view(url_name="api:schema"), name="redoc"),
    *router.urls,
    # Whatever else is under /api/ answers like the API does: a JSON 404, not an HTML page.
    re_path(r"^.*$", views.api_not_found),
]

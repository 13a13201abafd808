"""The REST API under /api/: each app's routes, the schema and its viewers, and the token page.

The endpoints live in each app's `api/` package; this is the one place that assembles them.
"""

from csp.constants import SELF, UNSAFE_INLINE
from csp.decorators import csp_update
from django.urls import path, re_path
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularRedocView,
    SpectacularSwaggerSplitView,
)
from rest_framework.routers import DefaultRouter

from estatedesk.activities.api import routes as activities_routes
from estatedesk.classification.api import routes as classification_routes
from estatedesk.contacts.api import routes as contacts_routes
from estatedesk.core.api import routes as core_routes
from estatedesk.deals.api import routes as deals_routes
from estatedesk.portal.api import routes as portal_routes
from estatedesk.properties.api import routes as properties_routes

from . import views

app_name = "api"

# In this order the API root and the schema list them.
APP_ROUTES = [
    contacts_routes,
    classification_routes,
    core_routes,
    activities_routes,
    properties_routes,
    deals_routes,
    portal_routes,
]

# The docs pages' widgets style themselves inline and Redoc searches in a worker made from a
# blob; their scripts still come only from our static files (Swagger UI's start-up script from
# its own URL, `?script`, rather than inline).
DOCS_CSP = {"style-src": [UNSAFE_INLINE], "worker-src": [SELF, "blob:"]}

router = DefaultRouter()
for routes in APP_ROUTES:
    routes.register(router)

urlpatterns = [
    path("tokens/", views.TokenListView.as_view(), name="tokens"),
    path("tokens/<int:pk>/revoke/", views.TokenRevokeView.as_view(), name="token_revoke"),
    path("tokens/<int:pk>/rename/", views.TokenRenameView.as_view(), name="token_rename"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path(
        "docs/",
        csp_update(DOCS_CSP)(SpectacularSwaggerSplitView.as_view(url_name="api:schema")),
        name="docs",
    ),
    path(
        "redoc/",
        csp_update(DOCS_CSP)(SpectacularRedocView.as_view(url_name="api:schema")),
        name="redoc",
    ),
    *router.urls,
    # Whatever else is under /api/ answers like the API does: a JSON 404, not an HTML page,
    # for every method (it reads nothing, so a POST needs no CSRF token to be told so).
    re_path(r"^.*$", csrf_exempt(views.api_not_found)),
]

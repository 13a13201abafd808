from django.urls import include, path
from django.views.generic import RedirectView

from estatedesk.accounts import setup_urls as account_setup_urls
from estatedesk.classification import setup_urls as classification_setup_urls
from estatedesk.core.health import health

# Setup is one namespace with pages from two apps: classification sits above accounts, so
# neither's URLconf includes the other's (a namespace included twice could not be reversed).
setup_patterns = account_setup_urls.urlpatterns + classification_setup_urls.urlpatterns

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="contacts:contact_list"), name="home"),
    path("health/", health, name="health"),
    # People type /login/; keep its query string (next=) on the way.
    path("login/", RedirectView.as_view(pattern_name="accounts:login", query_string=True)),
    path("accounts/", include("estatedesk.accounts.urls")),
    path("setup/", include((setup_patterns, account_setup_urls.app_name))),
    path("categories/", include("estatedesk.classification.urls")),
    path("", include("estatedesk.contacts.urls")),
    path("", include("estatedesk.activities.urls")),
    path("properties/", include("estatedesk.properties.urls")),
    path("deals/", include("estatedesk.deals.urls")),
    path("documents/", include("estatedesk.documents.urls")),
    path("contact-links/", include("estatedesk.contactlinks.urls")),
    path("api/", include("estatedesk.api.urls")),
    path("capture/", include("estatedesk.capture.urls")),
    path("intake/", include("estatedesk.intake.urls")),
    path("webhooks/", include("estatedesk.webhooks.urls")),
    # The client portal (clients) and what agents do with it (staff).
    path("portal/", include("estatedesk.portal.urls")),
    path("client-portal/", include("estatedesk.portal.staff_urls")),
]

# Errors Django answers itself are JSON for API clients (core.error_views), and a lost
# database is a 503 there too.
handler400 = "estatedesk.core.error_views.bad_request"
handler403 = "estatedesk.core.error_views.permission_denied"
handler404 = "estatedesk.core.error_views.page_not_found"
handler500 = "estatedesk.core.error_views.server_error"

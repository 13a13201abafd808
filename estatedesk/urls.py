from django.urls import include, path
from django.views.generic import RedirectView

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="contacts:contact_list"), name="home"),
    # People type /login/; keep its query string (next=) on the way.
    path("login/", RedirectView.as_view(pattern_name="accounts:login", query_string=True)),
    path("accounts/", include("estatedesk.accounts.urls")),
    path("setup/", include("estatedesk.accounts.setup_urls")),
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
]

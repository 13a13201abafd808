"""The client portal under /portal/: what a client sees (namespace `portal`)."""

from .views import access, offers, owners, viewings

app_name = "portal"

urlpatterns = [
    # access: login, logout, invitation acceptance, password reset, home, switching access
    *access.urlpatterns,
    # offers: the offered properties, a property's page, photos, documents, reactions, messages
    *offers.urlpatterns,
    # viewings: requests, the client's confirmed viewings, .ics, feedback
    *viewings.urlpatterns,
    # owners: a seller's or landlord's own listing, in aggregate
    *owners.urlpatterns,
]

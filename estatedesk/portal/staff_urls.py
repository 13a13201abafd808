"""What agents do with the client portal (namespace `portal_staff`): invitations, offers,
answers, viewing confirmations, listing updates, the rejection reasons under Setup."""

from .views import staff_access, staff_offers, staff_owners, staff_viewings

app_name = "portal_staff"

urlpatterns = [
    *staff_access.urlpatterns,
    *staff_offers.urlpatterns,
    *staff_viewings.urlpatterns,
    *staff_owners.urlpatterns,
]

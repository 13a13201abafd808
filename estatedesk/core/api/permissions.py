"""Who may use the API: office staff; office administrators for office settings."""

from django.utils.translation import gettext_lazy
from rest_framework import permissions


class IsOfficeStaff(permissions.BasePermission):
    """An active administrator or agent of an office (portal users have no API)."""

    message = gettext_lazy("Only the staff of an office can use the API.")

    def has_permission(self, request, view) -> bool:
        user = request.user
        return bool(user and user.is_authenticated and user.is_active and user.is_staff_member)


class IsOfficeAdminOrReadOnly(IsOfficeStaff):
    """Staff read; only office administrators write (lead sources, custom field definitions)."""

    message = gettext_lazy("Only an office administrator can change this.")

    def has_permission(self, request, view) -> bool:
        if not super().has_permission(request, view):
            return False
        return request.method in permissions.SAFE_METHODS or request.user.is_office_admin

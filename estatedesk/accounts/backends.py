"""Authentication: Django's model backend, loading the user's office with the user."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from .sessions import take_loaded_user


class OfficeModelBackend(ModelBackend):
    """Every request needs the user's office (visibility, timezone): fetch both in one query.

    Inactive users still get no user back, so a deactivated user's sessions end at once.
    """

    def get_user(self, user_id):
        # The session row usually brought the user (and office) along: `accounts.sessions`.
        user = take_loaded_user(user_id)
        if user is None:
            user = (
                get_user_model()
                ._default_manager.select_related("office")
                .filter(pk=user_id)
                .first()
            )
        return user if user is not None and self.user_can_authenticate(user) else None

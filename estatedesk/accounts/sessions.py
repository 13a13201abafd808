"""Sessions that come with their user: one query instead of two on every request.

Django reads the session row, then (`AuthenticationMiddleware`, through the backend's
`get_user`) the user. `UserSession` rows name their user, and this store loads the row with the
user and the user's office joined; the backend then takes that user instead of querying again
— only for the user id the session data names, only once, and only in the request that loaded
it. Everything else (which user is logged in, the session-hash check that ends sessions after a
password change, refusing deactivated users) is still Django's and the backend's.
"""

from __future__ import annotations

from contextvars import ContextVar
from typing import Any

from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore

# (user id, user) of the session the current request loaded last; taken at most once.
_loaded_user: ContextVar[tuple[int, Any] | None] = ContextVar("loaded_user", default=None)


class SessionStore(DatabaseSessionStore):
    @classmethod
    def get_model_class(cls):
        from .models import UserSession

        return UserSession

    def _get_session_from_db(self):
        _loaded_user.set(None)
        row = super()._get_session_from_db()
        if row is not None and row.user_id is not None:
            _loaded_user.set((row.user_id, row.user))
        return row

    def create_model_instance(self, data):
        row = super().create_model_instance(data)
        try:
            row.user_id = int(data.get(SESSION_KEY))
        except (TypeError, ValueError):
            row.user_id = None
        return row


def take_loaded_user(user_id) -> Any | None:
    """The user the current request's session row came with, if it is `user_id` (then
    forgotten: a later call, or a later request, queries again)."""
    loaded = _loaded_user.get()
    _loaded_user.set(None)
    if loaded is None:
        return None
    try:
        wanted = int(user_id)
    except (TypeError, ValueError):
        return None
    return loaded[1] if loaded[0] == wanted else None

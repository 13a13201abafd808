"""API authentication: personal tokens in the Authorization header, nowhere else."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from rest_framework import authentication, exceptions

from .models import ApiToken
from .services import token_authenticate, token_refused_reason


class ApiTokenAuthentication(authentication.BaseAuthentication):
    """`Authorization: Bearer <key>` (or `Token <key>`); never a query parameter or cookie.

    A revoked, expired or unknown key, or a deactivated user, is a 401 saying which.
    `request.auth` is the ApiToken.
    """

    keywords = ("bearer", "token")

    def authenticate(self, request) -> tuple[Any, ApiToken] | None:
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].decode("latin-1").lower() not in self.keywords:
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("Give the key after “Bearer”, in one piece."))
        try:
            key = header[1].decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed(_("Invalid token.")) from None
        token = token_authenticate(key)
        if token is None:
            raise exceptions.AuthenticationFailed(token_refused_reason(key))
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("This user is deactivated."))
        return token.user, token

    def authenticate_header(self, request) -> str:
        return 'Bearer realm="api"'

"""Who acts, as core sees them: a Protocol that `accounts.User` satisfies.

core is the base layer and imports no other app, not even for type hints; what its querysets
and services read of a user is spelled out here instead.
"""

from __future__ import annotations

from typing import Any, Protocol


class Actor(Protocol):
    # Read-only members, so that any user model whose fields have these types satisfies it.
    @property
    def pk(self) -> Any: ...

    @property
    def office_id(self) -> int | None: ...

    @property
    def is_active(self) -> bool: ...

    @property
    def is_authenticated(self) -> bool: ...

    @property
    def is_staff_member(self) -> bool: ...

    @property
    def is_office_admin(self) -> bool: ...

"""What every list page of an office needs, read once per process and kept until it changes.

A list page offers the office's lead sources, its active users (owner filter), the custom
fields of the record type and the user's own category tree. Reading those four tables on every
view costs more than the page's rows. They change rarely, so each process keeps them in memory
under a stamp: a random value that every change replaces. The office's lists (sources, users,
custom fields) are kept under the office's `config_stamp`, a user's own lists (categories) under
the user's, so that one agent's edit throws away no one else's. The office and the user are
loaded on every request, so the stamps cost no query, and a change made through any process is
seen by every other one on its next request. Every write counts: saves and deletes (post_save,
post_delete) and bulk writes (`core.querysets.rows_written`), through the receivers below and
those of the apps that keep their lists here (`classification.cache`).

What is kept is plain values (tuples, dicts, frozen dataclasses), never model instances that a
caller could change for every other request. Nothing is kept that the database does not hold:
a lost entry is read again.

A transaction that changes a stamp sees its own change: until it ends, this connection reads
the lists under the new stamp, which nobody else knows until it commits (and nobody ever will
if it rolls back). When the atomic block the change was made in has ended while an outer one
goes on, whether the change was kept or rolled back to its savepoint is read back from the row.
"""

from __future__ import annotations

import threading
import uuid
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from django.db import DEFAULT_DB_ALIAS, connections, transaction

if TYPE_CHECKING:
    from django.db.backends.base.base import BaseDatabaseWrapper
    from django.db.models import Model

    from estatedesk.core.customfields import FieldDefinition

    from .models import Office, User

T = TypeVar("T")

MAX_ENTRIES = 2048

_lock = threading.Lock()
# Keys: ("office", office id, office stamp, *part) for the office's lists, and
# ("user", user id, office id, user stamp, office stamp or None, *part) for a user's.
Key = tuple[object, ...]
_entries: OrderedDict[Key, Any] = OrderedDict()

OFFICE, USER = "office", "user"


def _model(kind: str) -> type[Model]:
    from .models import Office, User

    return Office if kind == OFFICE else User


# --- stamps a transaction of this connection changed --------------------------------------


@dataclass
class _Pending:
    stamp: uuid.UUID  # what this connection's transaction wrote
    outermost: Any  # the connection's outermost atomic block then: the transaction
    innermost: Any  # the block the change was made in (while it is open, the change holds)


def _pending(connection: BaseDatabaseWrapper) -> dict[tuple[str, int], _Pending]:
    pending: dict[tuple[str, int], _Pending]
    pending = connection.__dict__.setdefault("estatedesk_pending_stamps", {})
    return pending


def _stamp(kind: str, pk: int, held: uuid.UUID, using: str = DEFAULT_DB_ALIAS) -> uuid.UUID:
    """The stamp to read `kind` `pk` under: the one the row in hand holds, unless a transaction
    of this connection that is still open has changed it since."""
    connection = connections[using]
    pending = _pending(connection)
    change = pending.get((kind, pk))
    if change is None:
        return held
    blocks = connection.atomic_blocks
    if not blocks or blocks[0] is not change.outermost:
        del pending[(kind, pk)]  # that transaction is over: the row in hand says the rest
        return held
    if not any(block is change.innermost for block in blocks):
        # The block ended inside the transaction: released (the change holds) or rolled back
        # to its savepoint (it does not). The row knows.
        row = _model(kind)._base_manager.using(using).filter(pk=pk)
        current = row.values_list("config_stamp", flat=True).first()
        if current is None:
            del pending[(kind, pk)]
            return held
        change.stamp, change.innermost = current, blocks[-1]
    return change.stamp


def _restamp(kind: str, pk: int | None, using: str) -> None:
    """Give the office or user a new stamp: every process reads its lists again."""
    if pk is None:
        return
    stamp = uuid.uuid4()
    _model(kind)._base_manager.using(using).filter(pk=pk).update(config_stamp=stamp)
    connection = connections[using]
    if connection.in_atomic_block:
        blocks = connection.atomic_blocks
        _pending(connection)[(kind, pk)] = _Pending(stamp, blocks[0], blocks[-1])
        # Once committed, this process's entries under the old stamp are stale for whoever
        # still holds the old row (the rest of this request).
        transaction.on_commit(lambda: _forget(kind, pk), using=using)
    _forget(kind, pk)


def _forget(kind: str, pk: int) -> None:
    """Drop this process's entries of an office (with its users' lists) or of a user."""
    if kind == OFFICE:

        def gone(key: Key) -> bool:
            return (key[0] == OFFICE and key[1] == pk) or (key[0] == USER and key[2] == pk)

    else:

        def gone(key: Key) -> bool:
            return key[0] == USER and key[1] == pk

    with _lock:
        for key in [k for k in _entries if gone(k)]:
            del _entries[key]


def office_changed(office_id: int | None, *, using: str = DEFAULT_DB_ALIAS) -> None:
    """The office's lists changed: give it a new stamp."""
    _restamp(OFFICE, office_id, using)


def user_lists_changed(user_id: int | None, *, using: str = DEFAULT_DB_ALIAS) -> None:
    """The user's own lists (their categories) changed: give the user a new stamp."""
    _restamp(USER, user_id, using)


# --- the cache ------------------------------------------------------------------------------


def _get(key: Key, build: Callable[[], T]) -> T:
    with _lock:
        if key in _entries:
            _entries.move_to_end(key)
            found: T = _entries[key]
            return found
    value = build()
    with _lock:
        _entries[key] = value
        while len(_entries) > MAX_ENTRIES:
            _entries.popitem(last=False)
    return value


def cached(office: Office, part: Key, build: Callable[[], T], *, user: User | None = None) -> T:
    """`build()`'s value for this office and `part`, computed once per stamp of the office.

    With `user`, a value that depends on the office's lists and on the user's own: computed once
    per stamp of both. `build()` must return plain values, not model instances.
    """
    office_stamp = _stamp(OFFICE, office.pk, office.config_stamp)
    if user is None:
        return _get((OFFICE, office.pk, office_stamp, *part), build)
    user_stamp = _stamp(USER, user.pk, user.config_stamp)
    return _get((USER, user.pk, office.pk, user_stamp, office_stamp, *part), build)


def cached_for_user(user: User, part: Key, build: Callable[[], T]) -> T:
    """`build()`'s value for the user's own lists and `part`, computed once per stamp of the
    user: what the office's other users or settings change leaves it alone."""
    user_stamp = _stamp(USER, user.pk, user.config_stamp)
    return _get((USER, user.pk, user.office_id, user_stamp, None, *part), build)


def clear() -> None:
    with _lock:
        _entries.clear()


# --- what is kept -----------------------------------------------------------------------------


def active_users(office: Office) -> tuple[tuple[int, str], ...]:
    """(id, name) of the office's active users, by name: the owner filter's choices."""

    def build() -> tuple[tuple[int, str], ...]:
        users = office.users.filter(is_active=True).only("id", "full_name", "email")
        return tuple((user.pk, str(user)) for user in users)

    return cached(office, ("users",), build)


def user_names(office: Office) -> dict[int, str]:
    """{id: name} of every user of the office, active or not: the owners a list row names."""

    def build() -> dict[int, str]:
        users = office.users.only("id", "full_name", "email")
        return {user.pk: str(user) for user in users}

    return cached(office, ("user_names",), build)


def custom_fields(office: Office, target: str) -> tuple[FieldDefinition, ...]:
    """The office's custom field definitions for a record type (`core.customfields`)."""
    from estatedesk.core import customfields

    return cached(office, ("custom_fields", target),
                  lambda: tuple(customfields.definitions(office.pk, target)))  # fmt: skip


# --- receivers (connected in AccountsConfig.ready) --------------------------------------------


def _office_row_changed(
    sender: type[Model], instance: Model, using: str = DEFAULT_DB_ALIAS, **kwargs: Any
) -> None:
    office_changed(getattr(instance, "office_id", None), using=using)


def _user_changed(
    sender: type[User],
    instance: User,
    using: str = DEFAULT_DB_ALIAS,
    update_fields: Iterable[str] | None = None,
    **kwargs: Any,
) -> None:
    from .models import UserQuerySet

    # A login (last_login) or a new stamp changes nothing the lists show.
    if update_fields is not None and not UserQuerySet.watched_fields & set(update_fields):
        return
    office_changed(instance.office_id, using=using)


def office_rows_written(
    sender: type[Model], rows: list[dict[str, Any]], using: str = DEFAULT_DB_ALIAS, **kwargs: Any
) -> None:
    """A bulk write to a table of the office's lists (`core.querysets.rows_written`)."""
    for office_id in {row["office_id"] for row in rows}:
        office_changed(office_id, using=using)


def connect() -> None:
    from django.db.models.signals import post_delete, post_save

    from estatedesk.core.models import CustomField
    from estatedesk.core.querysets import rows_written

    from .models import User

    # The apps above keep their own lists here and connect their models (classification.cache).
    for model, saved in ((CustomField, _office_row_changed), (User, _user_changed)):
        uid = f"officecache-{model._meta.label}"
        post_save.connect(saved, sender=model, dispatch_uid=uid)
        post_delete.connect(_office_row_changed, sender=model, dispatch_uid=f"{uid}-deleted")
        rows_written.connect(office_rows_written, sender=model, dispatch_uid=f"{uid}-bulk")

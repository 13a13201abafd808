"""What every list page of an office needs, read once per process and kept until it changes.

A list page offers the office's lead sources, its active users (owner filter), the custom
fields of the record type and the user's own category tree. Reading those four tables on every
view costs more than the page's rows. They change rarely, so each process keeps them in memory,
keyed by the office and its `config_stamp`: a random value that every change of a lead source,
user, custom field or category replaces (the receivers below; the sources and categories are
classification's, kept through `cached` by `classification.cache`). The office is loaded with the
user on every request, so the stamp costs no query, and a change made through any process is
seen by every other one on its next request. Nothing is kept that the database does not hold:
a lost entry is read again.

Inside a transaction that has changed one of these tables, the office's lists are read from the
database and not kept: the stamp of the office in hand is the old one, and the change may yet
be rolled back.
"""

from __future__ import annotations

import threading
import uuid
from collections import OrderedDict
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from django.db import DEFAULT_DB_ALIAS, connections

if TYPE_CHECKING:
    from .models import Office

T = TypeVar("T")

MAX_ENTRIES = 2048

_lock = threading.Lock()
_entries: OrderedDict[tuple, Any] = OrderedDict()

# Users' fields that the cached lists show or depend on; a login (last_login) changes none.
USER_FIELDS = {"full_name", "email", "is_active", "office", "office_id", "role"}


def _in_transaction(connection) -> bool:
    """In a transaction of the app's own (the one a test case wraps each test in, and which
    Django marks, does not count: outside it, the test runs as a request would)."""
    return any(not getattr(block, "_from_testcase", False) for block in connection.atomic_blocks)


def _changed_offices(using: str) -> set[int]:
    """The offices whose lists the current transaction changed (empty outside one)."""
    connection = connections[using]
    changed = getattr(connection, "estatedesk_changed_offices", None)
    if changed is None or not _in_transaction(connection):
        changed = connection.estatedesk_changed_offices = set()
    return changed


def cached(office: Office, part: tuple, build: Callable[[], T]) -> T:
    """`build()`'s value for this office and `part`, computed once per stamp of the office."""
    if office.pk in _changed_offices(DEFAULT_DB_ALIAS):
        return build()
    key = (office.pk, office.config_stamp, *part)
    with _lock:
        if key in _entries:
            _entries.move_to_end(key)
            return _entries[key]
    value = build()
    with _lock:
        _entries[key] = value
        while len(_entries) > MAX_ENTRIES:
            _entries.popitem(last=False)
    return value


def office_changed(office_id: int | None, *, using: str = DEFAULT_DB_ALIAS) -> None:
    """Give the office a new stamp: every process reads its lists again."""
    if office_id is None:
        return
    from .models import Office

    Office.objects.using(using).filter(pk=office_id).update(config_stamp=uuid.uuid4())
    if _in_transaction(connections[using]):
        _changed_offices(using).add(office_id)
    with _lock:
        for key in [k for k in _entries if k[0] == office_id]:
            del _entries[key]


def clear() -> None:
    with _lock:
        _entries.clear()


# --- what is kept -----------------------------------------------------------------------------


def active_users(office: Office) -> list[tuple[int, str]]:
    """(id, name) of the office's active users, by name: the owner filter's choices."""

    def build():
        users = office.users.filter(is_active=True).only("id", "full_name", "email")
        return [(user.pk, str(user)) for user in users]

    return cached(office, ("users",), build)


def user_names(office: Office) -> dict[int, str]:
    """{id: name} of every user of the office, active or not: the owners a list row names."""

    def build():
        users = office.users.only("id", "full_name", "email")
        return {user.pk: str(user) for user in users}

    return cached(office, ("user_names",), build)


def custom_fields(office: Office, target: str) -> list:
    """The office's custom field definitions for a record type."""
    from estatedesk.core import customfields

    return cached(office, ("custom_fields", target),
                  lambda: customfields.definitions(office.pk, target))  # fmt: skip


# --- receivers (connected in AccountsConfig.ready) --------------------------------------------


def _office_row_changed(sender, instance, using=DEFAULT_DB_ALIAS, **kwargs) -> None:
    office_changed(getattr(instance, "office_id", None), using=using)


def _user_changed(sender, instance, using=DEFAULT_DB_ALIAS, update_fields=None, **kwargs) -> None:
    if update_fields is not None and not (set(update_fields) & USER_FIELDS):
        return
    office_changed(instance.office_id, using=using)


def connect() -> None:
    from django.contrib.auth import get_user_model
    from django.db.models.signals import post_delete, post_save

    from estatedesk.core.models import CustomField

    # The apps above keep their own lists here and connect their models (classification.cache).
    post_save.connect(_office_row_changed, sender=CustomField, dispatch_uid="officecache-field")
    post_delete.connect(_office_row_changed, sender=CustomField, dispatch_uid="officecache-dfield")
    user = get_user_model()
    post_save.connect(_user_changed, sender=user, dispatch_uid="officecache-user")
    post_delete.connect(_office_row_changed, sender=user, dispatch_uid="officecache-duser")

"""Which records keep a field change history, and what is written besides auditlog's own.

A record app calls `track(Model, exclude=[...])` in its `AppConfig.ready()`: auditlog then
logs every create and save of the model (not `QuerySet.update`, `bulk_create` or raw SQL, so
bulk paths write no history), a *Changes* tab appears on its detail page, and deleting a
record deletes its history: what the history holds is the record's own data (names, ID numbers,
incomes), and erasing a person must erase it too.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from auditlog.context import auditlog_disabled
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models.signals import post_delete
from django.utils.translation import gettext_lazy as _

from estatedesk.core.tabs import register_tab

# Caches, bookkeeping and what the office never edits: never part of a record's history.
ALWAYS_EXCLUDED = ("id", "office", "created_at", "updated_at", "search_text", "sort_name")

# Changes of what hangs on a record, logged as a change of the record under these names.
RELATED_FIELDS = {"phones": _("phone numbers"), "emails": _("e-mail addresses")}

TAB_TEMPLATE = "history/partials/_tab_changes.html"


def track(model: type[models.Model], *, exclude: Iterable[str] = (), tab_order: int = 90) -> None:
    """Log the model's field changes, show them on a Changes tab, erase them with the record."""
    from .views import changes_tab

    # A row that points at the record one-to-one (a contact's portal access) is not a field of
    # it; auditlog would read it, one query per save, to compare it.
    reverse_one_to_one = [
        f.name for f in model._meta.get_fields() if f.one_to_one and not f.concrete
    ]
    auditlog.register(model, exclude_fields=[*ALWAYS_EXCLUDED, *exclude, *reverse_one_to_one])
    label = model._meta.label_lower
    post_delete.connect(erase_history, sender=model, dispatch_uid=f"estatedesk.history.{label}")
    register_tab(label, "changes", _("Changes"), TAB_TEMPLATE, context=changes_tab,
                 order=tab_order)  # fmt: skip


def skip_deletion_entries(sender: Any, instance: Any, action: int, **kwargs: Any) -> bool:
    """auditlog's pre_log hook: no entry for a deletion (erase_history removes them all)."""
    return action != LogEntry.Action.DELETE


def erase_history(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    """post_delete: the deleted record's history goes with it (one DELETE statement)."""
    content_type = ContentType.objects.get_for_model(sender)
    LogEntry.objects.filter(content_type=content_type, object_id=instance.pk).delete()


def record_related_change(
    record: models.Model, field: str, before: Sequence[str], after: Sequence[str]
) -> None:
    """Log a change of what hangs on a record (its phones, its e-mails) as the record's own.

    `field` is a key of RELATED_FIELDS; `before` and `after` are the items as displayed.
    """
    if list(before) == list(after) or auditlog_disabled.get():
        return
    if not auditlog.contains(type(record)):
        return
    LogEntry.objects.log_create(
        record, action=LogEntry.Action.UPDATE, changes={field: [list(before), list(after)]}
    )

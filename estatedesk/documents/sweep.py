"""Find stored files no document row points at, and remove them.

An upload stores its file before the row is written and removes it again if that write
fails; but when the caller's own transaction is rolled back afterwards, Django offers no hook,
and the file stays. `manage.py documents_sweep` removes such files once they are old enough
that no upload can still be in flight.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

from django.core.files.storage import Storage
from django.utils import timezone

from .files import private_storage
from .models import Document

ROOT = "documents"
BATCH = 500


def stored_names(storage: Storage, directory: str = ROOT) -> Iterator[str]:
    """Every file under `directory` in the private storage, as storage names."""
    try:
        directories, files = storage.listdir(directory)
    except FileNotFoundError:
        return
    for name in files:
        yield f"{directory}/{name}"
    for sub in directories:
        yield from stored_names(storage, f"{directory}/{sub}")


def orphaned_files(*, older_than: timedelta = timedelta(hours=1)) -> list[str]:
    storage = private_storage()
    cutoff = timezone.now() - older_than
    orphans: list[str] = []
    batch: list[str] = []

    def flush() -> None:
        known = set(Document.objects.filter(file__in=batch).values_list("file", flat=True))
        orphans.extend(
            name for name in batch if name not in known and storage.get_modified_time(name) < cutoff
        )
        batch.clear()

    for name in stored_names(storage):
        batch.append(name)
        if len(batch) >= BATCH:
            flush()
    if batch:
        flush()
    return orphans


def sweep(*, older_than: timedelta = timedelta(hours=1), dry_run: bool = False) -> list[str]:
    """Remove (unless `dry_run`) the orphaned files; returns their names."""
    orphans = orphaned_files(older_than=older_than)
    if not dry_run:
        storage = private_storage()
        for name in orphans:
            storage.delete(name)
    return orphans

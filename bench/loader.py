"""Bulk loading into the tables Django made: executemany on SQLite, COPY on PostgreSQL.

Rows are tuples of the columns the generator fills; every other column gets the model field's
default, converted for the database once (not per row). Secondary indexes and (on PostgreSQL)
foreign keys and unique constraints are dropped before the load and recreated from the exact
definitions the database reported, so the schema after the load is the migrated one.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

CONTENT_RE = re.compile(r"content\s*=\s*['\"]?(\w+)", re.IGNORECASE)


@dataclass(frozen=True)
class TableSpec:
    table: str
    names: tuple[str, ...]  # attribute names (office_id, …) of the columns a row supplies
    columns: tuple[str, ...]  # their columns first, then the defaulted ones
    defaults: tuple  # values of the defaulted columns, ready for the database

    def row(self, values: dict) -> tuple:
        """A full row from the supplied values (every name, nothing else)."""
        if len(values) != len(self.names):
            extra = set(values) - set(self.names)
            raise ValueError(f"{self.table}: unexpected or missing values {extra or values}")
        return tuple([values[name] for name in self.names]) + self.defaults


def table_spec(model, given: Sequence[str], connection, raw: Sequence[str] = ()) -> TableSpec:
    """Columns of `model`: `given` (attribute names, e.g. 'office_id') then all others; `raw`
    names columns the database has but the model does not (filled by the row too)."""
    fields = {f.attname: f for f in model._meta.concrete_fields}
    unknown = [name for name in given if name not in fields]
    if unknown:
        raise ValueError(f"{model.__name__} has no columns {unknown}")
    rest = [f for name, f in fields.items() if name not in given and not f.primary_key]
    defaults = []
    for f in rest:
        value = f.get_default()
        if value is None and not f.null:
            raise ValueError(f"{model.__name__}.{f.attname} needs a value: add it to the row")
        defaults.append(f.get_db_prep_save(value, connection))
    columns = tuple(fields[name].column for name in given) + tuple(f.column for f in rest)
    n = len(given)
    columns = (*columns[:n], *raw, *columns[n:])
    return TableSpec(model._meta.db_table, (*given, *raw), columns, tuple(defaults))


class Loader:
    def __init__(self, connection) -> None:
        self.connection = connection
        self.vendor = connection.vendor
        self._deferred: list[str] = []  # SQL to run again after the load
        self._later: list[str] = []  # …and after that (triggers of rebuilt FTS tables)
        self.counts: dict[str, int] = {}
        self.seconds: dict[str, float] = {}  # time spent inserting, per table

    # --- rows ---------------------------------------------------------------------------

    def insert(self, spec: TableSpec, rows: Iterable[tuple]) -> int:
        """Insert full rows (see `TableSpec.row`); returns how many."""
        if not isinstance(rows, list):
            rows = list(rows)
        if not rows:
            return 0
        started = time.perf_counter()
        cols = ", ".join(f'"{c}"' for c in spec.columns)
        with self.connection.cursor() as cursor:
            if self.vendor == "postgresql":
                with cursor.copy(f'COPY "{spec.table}" ({cols}) FROM STDIN') as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                marks = ", ".join(["%s"] * len(spec.columns))
                cursor.executemany(
                    f'INSERT INTO "{spec.table}" ({cols}) VALUES ({marks})',
                    rows,
                )
        self.counts[spec.table] = self.counts.get(spec.table, 0) + len(rows)
        self.seconds[spec.table] = self.seconds.get(spec.table, 0) + time.perf_counter() - started
        return len(rows)

    # --- schema around the load ----------------------------------------------------------

    def defer_constraints(self, tables: Sequence[str]) -> None:
        """Drop secondary indexes (and on PostgreSQL FKs and unique constraints) of `tables`."""
        with self.connection.cursor() as cursor:
            if self.vendor == "sqlite":
                marks = ", ".join(["%s"] * len(tables))
                cursor.execute(
                    "SELECT name, sql FROM sqlite_master WHERE type = 'index' "
                    f"AND sql IS NOT NULL AND tbl_name IN ({marks}) ORDER BY name",
                    list(tables),
                )
                for name, sql in cursor.fetchall():
                    cursor.execute(f'DROP INDEX "{name}"')
                    self._deferred.append(sql)
                self._defer_fts(cursor, tables)
                return
            cursor.execute(
                """
                SELECT c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid), c.contype
                FROM pg_constraint c
                WHERE c.contype IN ('f', 'u') AND c.conrelid::regclass::text = ANY(%s)
                ORDER BY c.contype, c.conname
                """,
                [list(tables)],
            )
            constraints = cursor.fetchall()
            cursor.execute(
                """
                SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)
                FROM pg_index i
                WHERE i.indrelid::regclass::text = ANY(%s) AND NOT i.indisprimary
                  AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
                ORDER BY 1
                """,
                [list(tables)],
            )
            indexes = cursor.fetchall()
            # Triggers (the category mirrors: contacts.category_ids) would fire per COPY; the
            # generator writes what they would have written, so they sleep during the load.
            cursor.execute(
                """
                SELECT DISTINCT t.tgrelid::regclass::text FROM pg_trigger t
                WHERE NOT t.tgisinternal AND t.tgrelid::regclass::text = ANY(%s) ORDER BY 1
                """,
                [list(tables)],
            )
            for (table,) in cursor.fetchall():
                cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
                self._later.append(f"ALTER TABLE {table} ENABLE TRIGGER USER")
            # Foreign keys first ('f' sorts before 'u'): they may rely on a unique constraint.
            for table, name, _definition, _kind in constraints:
                cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
            for name, definition in indexes:
                cursor.execute(f"DROP INDEX {name}")
                self._deferred.append(definition)
            # Re-add unique constraints before foreign keys (which may rely on them).
            for table, name, definition, _kind in sorted(constraints, key=lambda c: c[3] != "u"):
                self._deferred.append(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')

    def _defer_fts(self, cursor, tables: Sequence[str]) -> None:
        """SQLite: FTS5 tables mirroring a loaded table are rebuilt once after the load.

        Their triggers (the ones that write to the FTS table) are dropped meanwhile: one
        'rebuild' is several times faster than a million trigger-fed inserts. Other triggers
        stay and fire as usual.
        """
        cursor.execute(
            "SELECT name, sql FROM sqlite_master "
            "WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL%'"
        )
        for fts, sql in cursor.fetchall():
            content = CONTENT_RE.search(sql)
            if "fts5" not in sql.lower() or not content or content.group(1) not in tables:
                continue
            cursor.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s",
                [content.group(1)],
            )
            for trigger, trigger_sql in cursor.fetchall():
                if fts in trigger_sql:
                    cursor.execute(f'DROP TRIGGER "{trigger}"')
                    self._later.append(trigger_sql)
            self._deferred.append(f'INSERT INTO "{fts}"("{fts}") VALUES (\'rebuild\')')

    def restore_constraints(self, progress=print) -> None:
        with self.connection.cursor() as cursor:
            if self.vendor == "postgresql":
                cursor.execute("SET maintenance_work_mem = '512MB'")
            for sql in self._deferred:
                started = time.perf_counter()
                cursor.execute(sql)
                seconds = time.perf_counter() - started
                if seconds >= 2:
                    progress(f"  {seconds:5.1f} s  {' '.join(sql.split())[:100]}")
            for sql in self._later:
                cursor.execute(sql)
        self._deferred, self._later = [], []

    def reset_sequences(self, models: Sequence) -> None:
        from django.core.management.color import no_style

        statements = self.connection.ops.sequence_reset_sql(no_style(), list(models))
        with self.connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)

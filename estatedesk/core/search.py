# ruff: noqa: S608, S611 - table names come from SEARCH_TABLES, never from input
"""Indexed substring search over `search_text`, one way per database.

PostgreSQL: a trigram GIN index (pg_trgm) serves `LIKE '%word%'`.
SQLite: an FTS5 table with the trigram tokenizer mirrors `search_text` (kept in step by
triggers) and serves `MATCH`. Words shorter than three characters cannot use either index
and fall back to a plain `LIKE` on the rows the other conditions leave.
"""

from __future__ import annotations

from django.db import connection
from django.db.models.expressions import RawSQL

# Tables whose `search_text` is indexed (the migrations and `ensure_sqlite_triggers` use it).
SEARCH_TABLES = ["contacts_lead", "contacts_contact", "contacts_relation"]


def fts_table(table: str) -> str:
    return f"{table}_fts"


def sqlite_match_subquery(table: str, words: list[str]) -> RawSQL:
    """Row ids whose search text contains every word (each ≥ 3 characters)."""
    query = " AND ".join('"' + w.replace('"', '""') + '"' for w in words)
    fts = fts_table(table)
    return RawSQL(f"SELECT rowid FROM {fts} WHERE {fts} MATCH %s", [query])


def sqlite_create_sql(table: str) -> list[str]:
    fts = fts_table(table)
    return [
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {fts} USING fts5("
        f"search_text, content='{table}', content_rowid='id', tokenize='trigram')",
        f"INSERT INTO {fts}({fts}) VALUES ('rebuild')",
        *sqlite_trigger_sql(table),
    ]


def sqlite_trigger_sql(table: str) -> list[str]:
    fts = fts_table(table)
    return [
        f"CREATE TRIGGER IF NOT EXISTS {fts}_ai AFTER INSERT ON {table} BEGIN "
        f"INSERT INTO {fts}(rowid, search_text) VALUES (new.id, new.search_text); END",
        f"CREATE TRIGGER IF NOT EXISTS {fts}_ad AFTER DELETE ON {table} BEGIN "
        f"INSERT INTO {fts}({fts}, rowid, search_text) "
        f"VALUES ('delete', old.id, old.search_text); END",
        f"CREATE TRIGGER IF NOT EXISTS {fts}_au AFTER UPDATE OF search_text ON {table} BEGIN "
        f"INSERT INTO {fts}({fts}, rowid, search_text) "
        f"VALUES ('delete', old.id, old.search_text); "
        f"INSERT INTO {fts}(rowid, search_text) VALUES (new.id, new.search_text); END",
    ]


def sqlite_drop_sql(table: str) -> list[str]:
    fts = fts_table(table)
    return [
        f"DROP TRIGGER IF EXISTS {fts}_ai",
        f"DROP TRIGGER IF EXISTS {fts}_ad",
        f"DROP TRIGGER IF EXISTS {fts}_au",
        f"DROP TABLE IF EXISTS {fts}",
    ]


def postgres_create_sql(table: str) -> list[str]:
    return [
        "CREATE EXTENSION IF NOT EXISTS pg_trgm",
        f"CREATE INDEX IF NOT EXISTS {table}_search_trgm ON {table} "
        f"USING gin (search_text gin_trgm_ops)",
    ]


def postgres_drop_sql(table: str) -> list[str]:
    return [f"DROP INDEX IF EXISTS {table}_search_trgm"]


def ensure_sqlite_triggers(using: str = "default", **kwargs) -> None:
    """Recreate the FTS triggers after migrations (post_migrate).

    Django's SQLite schema editor rebuilds a table to alter it, which drops its triggers; the
    FTS rows stay valid (same ids, same text), so putting the triggers back is enough.
    """
    from django.db import connections

    conn = connections[using]
    if conn.vendor != "sqlite":
        return
    existing = set(conn.introspection.table_names())
    with conn.cursor() as cursor:
        for table in SEARCH_TABLES:
            if table in existing and fts_table(table) in existing:
                for statement in sqlite_trigger_sql(table):
                    cursor.execute(statement)


def uses_fts() -> bool:
    return connection.vendor == "sqlite"

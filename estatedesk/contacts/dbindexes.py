"""Indexes Django's `Meta.indexes` cannot declare the same way on every database.

The contacts index by last contacted: PostgreSQL gets `last_contacted_at DESC NULLS LAST,
id DESC`, the order of “recently contacted first, never contacted last”, whose backward scan is
the ascending order with never-contacted first; SQLite, whose NULLs are the lowest values
anyway, gets it ascending (its CREATE INDEX has no NULLS LAST). Migration 0003 creates it;
`ensure_vendor_indexes` (post_migrate) puts it back after SQLite rebuilt the table to alter it.
"""

from __future__ import annotations

LEADING_COLUMNS = {
    "postgresql": "office_id, last_contacted_at DESC NULLS LAST, id DESC",
    "sqlite": "office_id, last_contacted_at, id",
}


def lastcontact_index_sql(vendor: str) -> str | None:
    leading = LEADING_COLUMNS.get(vendor)
    if leading is None:
        return None
    return (
        "CREATE INDEX IF NOT EXISTS contact_lastcontact_idx ON contacts_contact "
        f"({leading}, visibility, owner_id, source_id, is_active)"
    )


DROP_SQL = "DROP INDEX IF EXISTS contact_lastcontact_idx"


def ensure_vendor_indexes(using: str = "default", **kwargs) -> None:
    from django.db import connections

    conn = connections[using]
    sql = lastcontact_index_sql(conn.vendor)
    if sql is None or "contacts_contact" not in conn.introspection.table_names():
        return
    with conn.cursor() as cursor:
        cursor.execute(sql)

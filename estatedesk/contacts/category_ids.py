"""PostgreSQL: each record carries the ids of the categories it is filed in (`category_ids`).

A list filtered by a big category walks its index in the page's order and tests every
candidate; looking each one up in the link table costs three index pages per candidate, and a
page meets hundreds to thousands of candidates (docs/performance.md). On PostgreSQL the
record's own row answers instead: `category_ids && ARRAY[…]` (see `core.expressions.HasLinkTo`).

The link tables stay the truth; the column is their mirror, kept by the database itself —
statement-level triggers on each link table recompute the arrays of the records a statement
touched, whatever wrote the links (services, imports, merges, cascades of a deleted category).
The records are locked first, so two transactions filing the same record cannot leave it with
an array that misses the other's link. Django does not know the column (it is not a model
field), so saving a record never writes it. SQLite keeps looking links up: it is fast there.
"""

# ruff: noqa: S608 - table names come from MIRRORED, never from input

from __future__ import annotations

COLUMN = "category_ids"

# (record table, link table) pairs whose links are mirrored on the record.
MIRRORED = [
    ("contacts_lead", "contacts_leadcategory"),
    ("contacts_contact", "contacts_contactcategory"),
    ("contacts_relation", "contacts_relationcategory"),
]


def _function(record_table: str) -> str:
    return f"{record_table}_sync_{COLUMN}"


def _refresh(record_table: str, link_table: str, changed: str) -> str:
    """Lock the records whose links `changed` names, then recompute their arrays (a statement
    of its own, so it sees what a transaction that held the lock before had committed)."""
    return f"""
    PERFORM 1 FROM {record_table} r WHERE r.id IN (SELECT record_id FROM {changed})
      ORDER BY r.id FOR UPDATE;
    UPDATE {record_table} r SET {COLUMN} = COALESCE(
        (SELECT array_agg(l.category_id ORDER BY l.category_id)
         FROM {link_table} l WHERE l.record_id = r.id), '{{}}')
      WHERE r.id IN (SELECT record_id FROM {changed});"""


def refresh_all_sql(record_table: str, link_table: str) -> str:
    """Set every record's array from its links (rows already right are left alone)."""
    return f"""
    UPDATE {record_table} r SET {COLUMN} = s.ids
    FROM (SELECT record_id, array_agg(category_id ORDER BY category_id) AS ids
          FROM {link_table} GROUP BY record_id) s
    WHERE r.id = s.record_id AND r.{COLUMN} IS DISTINCT FROM s.ids"""


def postgres_create_sql(record_table: str, link_table: str) -> list[str]:
    function = _function(record_table)
    return [
        f"ALTER TABLE {record_table} ADD COLUMN IF NOT EXISTS {COLUMN} bigint[] "
        f"NOT NULL DEFAULT '{{}}'",
        f"""CREATE OR REPLACE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF TG_OP IN ('INSERT', 'UPDATE') THEN {_refresh(record_table, link_table, "new_links")}
          END IF;
          IF TG_OP IN ('DELETE', 'UPDATE') THEN {_refresh(record_table, link_table, "old_links")}
          END IF;
          RETURN NULL;
        END $$""",
        # A trigger with transition tables fires on one event only: three of them.
        f"DROP TRIGGER IF EXISTS {link_table}_ins ON {link_table}",
        f"CREATE TRIGGER {link_table}_ins AFTER INSERT ON {link_table} "
        f"REFERENCING NEW TABLE AS new_links FOR EACH STATEMENT EXECUTE FUNCTION {function}()",
        f"DROP TRIGGER IF EXISTS {link_table}_upd ON {link_table}",
        f"CREATE TRIGGER {link_table}_upd AFTER UPDATE ON {link_table} "
        f"REFERENCING OLD TABLE AS old_links NEW TABLE AS new_links "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {function}()",
        f"DROP TRIGGER IF EXISTS {link_table}_del ON {link_table}",
        f"CREATE TRIGGER {link_table}_del AFTER DELETE ON {link_table} "
        f"REFERENCING OLD TABLE AS old_links FOR EACH STATEMENT EXECUTE FUNCTION {function}()",
        refresh_all_sql(record_table, link_table),
    ]


def postgres_drop_sql(record_table: str, link_table: str) -> list[str]:
    return [
        *(
            f"DROP TRIGGER IF EXISTS {link_table}_{op} ON {link_table}"
            for op in ("ins", "upd", "del")
        ),
        f"DROP FUNCTION IF EXISTS {_function(record_table)}()",
        f"ALTER TABLE {record_table} DROP COLUMN IF EXISTS {COLUMN}",
    ]

"""Correlated subqueries over a record's child rows, written as SQL from the models' metadata.

A list page loads its rows with a few per-row subqueries (the first phone, the user's category
ids) and filters by category with another. Django's `Subquery(OuterRef(...))` builds, resolves
and compiles a whole inner `Query` for each of them on every view, which costs more than the
SQL takes to run. These write the same SQL directly: table and column names come from
`_meta` (quoted by the backend), the outer row's key is an `F("pk")` that Django resolves and
relabels like any other column, and values go in as parameters (only quoted identifiers and
placeholders are written into the SQL, hence the `noqa: S608`).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import models
from django.db.models import F, Func


def _sql_names(model, connection, *fields: str) -> tuple[str, list[str]]:
    """The quoted table name of `model` and its fields' columns, qualified by the table."""
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    return table, [f"{table}.{quote(model._meta.get_field(f).column)}" for f in fields]


def _in_list(column: str, values: list) -> tuple[str, list]:
    return f"{column} IN ({', '.join(['%s'] * len(values))})", list(values)


class FirstChildValue(Func):
    """`column` of the row's first child in `child_model` (linked by `fk`): the primary one
    if any, else the oldest — `(SELECT column … ORDER BY is_primary DESC, id LIMIT 1)`."""

    def __init__(self, child_model, column: str, *, fk: str = "record", output_field=None):
        self.child_model, self.column, self.fk = child_model, column, fk
        field = output_field or child_model._meta.get_field(column).__class__()
        super().__init__(F("pk"), output_field=field)

    def as_sql(self, compiler, connection, **extra_context):
        outer, outer_params = compiler.compile(self.source_expressions[0])
        table, (value, fk, primary, pk) = _sql_names(
            self.child_model, connection, self.column, self.fk, "is_primary", "id"
        )
        sql = (
            f"(SELECT {value} FROM {table} WHERE {fk} = {outer} "  # noqa: S608 — quoted names
            f"ORDER BY {primary} DESC, {pk} ASC LIMIT 1)"
        )
        return sql, tuple(outer_params)


class _Links(Func):
    """A subquery over the row's links in `link_model` (`fk` → the row, `to` → the target)."""

    output_type: type = models.Field

    def __init__(self, link_model, ids: Iterable[int], *, fk: str = "record", to: str = "category"):
        self.link_model, self.ids, self.fk, self.to = link_model, sorted(ids), fk, to
        super().__init__(F("pk"), output_field=self.output_type())

    def link_sql(self, compiler, connection) -> tuple[str, tuple, str, str, str]:
        """(outer key SQL, its params, the link table, its fk and target columns), quoted."""
        outer, outer_params = compiler.compile(self.source_expressions[0])
        table, (fk, to) = _sql_names(self.link_model, connection, self.fk, self.to)
        return outer, tuple(outer_params), table, fk, to


class LinkedIds(_Links):
    """The ids of the row's links in `link_model` to any of `ids` (say the user's own category
    ids), comma-separated (“3,17”) — NULL when there are none."""

    output_type = models.TextField

    def as_sql(self, compiler, connection, **extra_context):
        if not self.ids:
            return "NULL", ()
        outer, outer_params, table, fk, to = self.link_sql(compiler, connection)
        condition, params = _in_list(to, self.ids)
        joined = (
            f"GROUP_CONCAT({to}, ',')"
            if connection.vendor == "sqlite"
            else f"STRING_AGG(({to})::text, ',')"
        )
        sql = f"(SELECT {joined} FROM {table} WHERE {fk} = {outer} AND {condition})"  # noqa: S608
        return sql, (*outer_params, *params)


class HasLinkTo(_Links):
    """Whether the row has a link in `link_model` to any of `ids`, as a filter condition.

    Written as `COALESCE((SELECT true … LIMIT 1), false)`, a scalar subquery per candidate row,
    so that neither database turns it into a join or a hashed set of every linked record: a
    list walks its index in the page's order and stops after a page (see
    `contacts.filtersets.filter_by_links`). On SQLite the link's target is written `+column`, so it
    seeks the row's links once and checks the target on the (record, target) index entry,
    instead of one seek per id.

    On PostgreSQL, when the link model names a column of the record that mirrors its links
    (`mirrored_on_record`, an array of the linked ids), the row answers by itself:
    `column && ARRAY[ids]` — no lookup in the link table per candidate.
    """

    conditional = True
    output_type = models.BooleanField

    def as_sql(self, compiler, connection, **extra_context):
        if not self.ids:
            return "1 = 0", ()
        mirror = getattr(self.link_model, "mirrored_on_record", None)
        if mirror and connection.vendor == "postgresql":
            outer_alias = self.source_expressions[0].alias
            quote = connection.ops.quote_name
            column = f"{compiler.quote_name_unless_alias(outer_alias)}.{quote(mirror)}"
            return f"{column} && %s::bigint[]", (self.ids,)
        outer, outer_params, table, fk, to = self.link_sql(compiler, connection)
        if connection.vendor == "sqlite":
            condition, params = _in_list(f"+{to}", self.ids)
            yes, no = "1", "0"
        else:
            condition, params = _in_list(to, self.ids)
            yes, no = "true", "false"
        found = f"SELECT {yes} FROM {table} WHERE {fk} = {outer} AND {condition} LIMIT 1"  # noqa: S608
        sql = f"COALESCE(({found}), {no})"
        return sql, (*outer_params, *params)

"""Indexed substring search on search_text: FTS5 trigram on SQLite, pg_trgm on PostgreSQL."""

from django.db import migrations

from estatedesk.core import search


def _run(schema_editor, sqlite_sql, postgres_sql) -> None:
    vendor = schema_editor.connection.vendor
    statements_for = {"sqlite": sqlite_sql, "postgresql": postgres_sql}.get(vendor)
    if statements_for is None:
        return
    for table in search.SEARCH_TABLES:
        for statement in statements_for(table):
            schema_editor.execute(statement)


def create(apps, schema_editor):
    _run(schema_editor, search.sqlite_create_sql, search.postgres_create_sql)


def drop(apps, schema_editor):
    _run(schema_editor, search.sqlite_drop_sql, search.postgres_drop_sql)


class Migration(migrations.Migration):
    dependencies = [("contacts", "0001_initial")]

    operations = [migrations.RunPython(create, drop, elidable=False)]

"""Indexed substring search on search_text: FTS5 trigram on SQLite, pg_trgm on PostgreSQL."""

from django.db import migrations

from estatedesk.core import search


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for table in search.SEARCH_TABLES:
        if vendor == "sqlite":
            statements = search.sqlite_create_sql(table)
        elif vendor == "postgresql":
            statements = search.postgres_create_sql(table)
        else:
            statements = []
        for statement in statements:
            schema_editor.execute(statement)


def drop(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for table in search.SEARCH_TABLES:
        if vendor == "sqlite":
            statements = search.sqlite_drop_sql(table)
        elif vendor == "postgresql":
            statements = search.postgres_drop_sql(table)
        else:
            statements = []
        for statement in statements:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("contacts", "0001_initial")]

    operations = [migrations.RunPython(create, drop, elidable=False)]

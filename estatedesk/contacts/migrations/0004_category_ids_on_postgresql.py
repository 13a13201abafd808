"""PostgreSQL: records mirror their category links in `category_ids` (see contacts.category_ids).

Nothing on SQLite. Existing links are copied into the new column as part of the migration.
"""

from django.db import migrations

from estatedesk.contacts import category_ids


def _run(schema_editor, statements_for) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for record_table, link_table in category_ids.MIRRORED:
        for statement in statements_for(record_table, link_table):
            schema_editor.execute(statement)


def create(apps, schema_editor):
    _run(schema_editor, category_ids.postgres_create_sql)


def drop(apps, schema_editor):
    _run(schema_editor, category_ids.postgres_drop_sql)


class Migration(migrations.Migration):
    dependencies = [("contacts", "0003_list_indexes_cover_filters")]

    operations = [migrations.RunPython(create, drop, elidable=False)]

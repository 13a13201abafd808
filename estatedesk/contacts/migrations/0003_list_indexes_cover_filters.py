"""List indexes that also carry source and the active flag; covering category-link indexes.

The contacts index by last contacted differs per database: see contacts.dbindexes.
"""

from django.conf import settings
from django.db import migrations, models

from estatedesk.contacts import dbindexes


def create_lastcontact_index(apps, schema_editor):
    sql = dbindexes.lastcontact_index_sql(schema_editor.connection.vendor)
    if sql is not None:
        schema_editor.execute(sql)


def drop_lastcontact_index(apps, schema_editor):
    schema_editor.execute(dbindexes.DROP_SQL)


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0001_initial'),
        ('classification', '0001_initial'),
        ('contacts', '0002_search_indexes'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='contact',
            name='contact_list_idx',
        ),
        migrations.RemoveIndex(
            model_name='contact',
            name='contact_lastcontact_idx',
        ),
        migrations.RemoveIndex(
            model_name='contactcategory',
            name='contactcategory_cat_idx',
        ),
        migrations.RemoveIndex(
            model_name='lead',
            name='lead_status_idx',
        ),
        migrations.RemoveIndex(
            model_name='leadcategory',
            name='leadcategory_cat_idx',
        ),
        migrations.RemoveIndex(
            model_name='relationcategory',
            name='relationcategory_cat_idx',
        ),
        migrations.AddIndex(
            model_name='contact',
            index=models.Index(fields=['office', 'sort_name', 'id', 'visibility', 'owner', 'source', 'is_active'], name='contact_list_idx'),
        ),
        migrations.AddIndex(
            model_name='contactcategory',
            index=models.Index(fields=['office', 'category', 'record'], name='contactcategory_cat_idx'),
        ),
        migrations.AddIndex(
            model_name='lead',
            index=models.Index(fields=['office', 'status', 'source', 'created_at', 'id', 'visibility', 'owner'], name='lead_status_idx'),
        ),
        migrations.AddIndex(
            model_name='leadcategory',
            index=models.Index(fields=['office', 'category', 'record'], name='leadcategory_cat_idx'),
        ),
        migrations.AddIndex(
            model_name='relationcategory',
            index=models.Index(fields=['office', 'category', 'record'], name='relationcategory_cat_idx'),
        ),
        migrations.RunPython(create_lastcontact_index, drop_lastcontact_index, elidable=False),
    ]

"""A period's events in timeline order, on PostgreSQL.

The period filter and the period page read a period's events oldest first. With only
``event_status_date_title_idx`` PostgreSQL walked every event in date order up to the period's
first ones (5,277 index entries for the Cold War at 1,000 articles), or read the period's rows
and sorted them. This index holds them in order: ``(status, period, date, title, id)``, dates
ascending with NULLs last, as ``selectors.oldest_first`` orders them; read backwards it serves the
deep pages (``DeepPagePaginator``). SQLite has its own (0008): nothing to do there.
"""

from django.db import migrations

INDEX = "event_status_period_date_idx"


def add_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        table = apps.get_model("articles", "event")._meta.db_table
        schema_editor.execute(f'CREATE INDEX "{INDEX}" ON "{table}" ("status", "period_id", "date", "title", "id")')


def remove_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f'DROP INDEX "{INDEX}"')


class Migration(migrations.Migration):
    dependencies = [("articles", "0010_sqlite_trigram_search")]

    operations = [migrations.RunPython(add_index, remove_index)]

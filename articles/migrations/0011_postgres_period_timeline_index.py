"""A period's events in timeline order, both ways, on PostgreSQL.

The period filter and the period page read a period's events oldest first. With only
``event_status_date_title_idx`` PostgreSQL walked every event in date order up to the period's
first ones (5,277 index entries for the Cold War at 1,000 articles), or read the period's rows
and sorted them. This index holds them in order: ``(status, period, date, title, id)``, dates
ascending with NULLs last, as ``selectors.oldest_first`` orders them; read backwards it serves the
deep pages (``DeepPagePaginator``). Its newest-first twin, as 0007's ``event_status_newest_idx``
for the whole timeline, serves the period filter newest first. SQLite has its own (0008):
nothing to do there.
"""

from django.db import migrations

INDEXES = {
    "event_status_period_date_idx": '"status", "period_id", "date", "title", "id"',
    "event_status_period_newest_idx": '"status", "period_id", "date" DESC NULLS LAST, "title" DESC, "id" DESC',
}


def add_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        table = apps.get_model("articles", "event")._meta.db_table
        for name, columns in INDEXES.items():
            schema_editor.execute(f'CREATE INDEX "{name}" ON "{table}" ({columns})')


def remove_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name in INDEXES:
            schema_editor.execute(f'DROP INDEX "{name}"')


class Migration(migrations.Migration):
    dependencies = [("articles", "0010_sqlite_trigram_search")]

    operations = [migrations.RunPython(add_indexes, remove_indexes)]

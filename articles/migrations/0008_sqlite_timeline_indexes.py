"""The timeline's orders and filters as indexes SQLite can read without visiting the rows.

SQLite cannot index ``NULLS LAST`` and its ascending order puts NULLs first, so it sorted every
matching event for each page of the timeline (5,620 for a period at 1,000 articles). On SQLite
``selectors.oldest_first`` orders by ``date IS NULL, date, title, pk`` instead, the same order,
which these indexes hold (the primary key is the rowid every SQLite index ends with, or named
before the period where the period follows, so that the order stays whole). SQLite
uses an expression index only for the identical expression, without bound parameters:
``date IS NULL`` is what ``Q(date__isnull=True)`` compiles to.

Each index also holds the period, so that the timeline's filters, its facet counts (grouped by
period) and its pages find and count events from the index alone; every other filter reads the
link tables or the trigram index (0010) by id. Visiting an event's row costs about 1 µs, and a
filter such as the years 1950-2010 keeps 10,000 events at 1,000 articles:

- ``event_status_oldest_idx``: the timeline oldest first;
- ``event_status_period_oldest_idx``: a period's events oldest first (the period filter, the
  period page);
- ``event_status_date_period_idx``: dates and years in either direction (newest first reads it
  backwards: SQLite's descending order puts NULLs last). It holds ``event_status_date_title_idx``
  and the period; that index stays, as the model declares it.

PostgreSQL reads ``event_status_date_title_idx`` (its ascending order puts NULLs last) and the
indexes of 0007: nothing to do there.
"""

from django.db import migrations

INDEXES = {
    "event_status_oldest_idx": '"status", ("date" IS NULL), "date", "title", "id", "period_id"',
    "event_status_period_oldest_idx": '"status", "period_id", ("date" IS NULL), "date", "title"',
    "event_status_date_period_idx": '"status", "date", "title", "id", "period_id"',
}


def add_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        table = apps.get_model("articles", "event")._meta.db_table
        for name, columns in INDEXES.items():
            schema_editor.execute(f'CREATE INDEX "{name}" ON "{table}" ({columns})')


def remove_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for name in INDEXES:
            schema_editor.execute(f'DROP INDEX "{name}"')


class Migration(migrations.Migration):
    dependencies = [("articles", "0007_listing_indexes")]

    operations = [migrations.RunPython(add_indexes, remove_indexes)]

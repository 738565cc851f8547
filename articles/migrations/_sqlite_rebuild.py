"""Run schema operations that make SQLite rebuild a table without losing what raw SQL made on it.

SQLite adds or alters a column by rebuilding the table, which drops the timeline's expression
indexes (0008) and the triggers that keep the trigram indexes current (0010): they are removed
before the operations and made again after. (The leading underscore keeps Django's migration
loader from reading this module as a migration.)
"""

from importlib import import_module

from django.db import migrations

timeline_indexes = import_module("articles.migrations.0008_sqlite_timeline_indexes")
trigram_search = import_module("articles.migrations.0010_sqlite_trigram_search")


def keeping_raw_sql(*operations):
    """Return the operations wrapped between the removal and the re-creation of the raw SQL objects."""
    return [
        migrations.RunPython(timeline_indexes.remove_indexes, timeline_indexes.add_indexes),
        migrations.RunPython(trigram_search.remove, trigram_search.add),
        *operations,
        migrations.RunPython(trigram_search.add, trigram_search.remove),
        migrations.RunPython(timeline_indexes.add_indexes, timeline_indexes.remove_indexes),
    ]

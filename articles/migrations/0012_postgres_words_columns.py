"""The words filters' text in one upper-case column per table, on PostgreSQL.

A words filter keeps the records where every word is in one of its fields, in any case:
``icontains`` per field, ``UPPER(field) LIKE UPPER('%word%')`` OR'ed over the fields. A word as
common as "the" keeps most events, and each kept row was upper-cased field by field again on every
query (15 ms of the 30 ms the timeline's every-filter counts took at 1,000 articles). Here each
table whose words filter reads several fields gets ``words_text``: those fields upper-cased,
joined by a line break, a generated column the database keeps current on every write (as the
search vectors of 0009). ``articles.search.matches_all_words`` compares the words with it: the same
rows, since a word never holds a line break and so never matches across two fields. One pg_trgm
GIN index on the column replaces the per-field ones of 0007 for these tables.

The article listing's filter reads one field (its title) and keeps 0007's index. SQLite has its
trigram tables (0010): nothing to do there.
"""

from django.db import migrations

COLUMN = "words_text"
# model name -> (the new index, the fields in filter order, 0007's index per field); keep in
# step with articles.search.WORDS_COLUMNS and the words_filter fields of articles.filters.
WORDS = {
    "event": ("event_words_trgm_idx", {
        "title": "event_title_trgm_idx", "description": "event_description_trgm_idx",
        "date_text": "event_date_text_trgm_idx",
    }),
    "person": ("person_words_trgm_idx", {"name": "person_name_trgm_idx", "aliases": "person_aliases_trgm_idx"}),
    "glossaryentry": ("glossary_words_trgm_idx", {
        "term": "glossary_term_trgm_idx", "aliases": "glossary_aliases_trgm_idx",
        "definition": "glossary_definition_trgm_idx",
    }),
}


def tables(apps):
    for model_name, (index, fields) in WORDS.items():
        yield apps.get_model("articles", model_name)._meta.db_table, index, fields


def add_columns(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, index, fields in tables(apps):
        text = " || E'\\n' || ".join(f"UPPER(COALESCE(\"{field}\"::text, ''))" for field in fields)
        schema_editor.execute(f'ALTER TABLE "{table}" ADD COLUMN "{COLUMN}" text GENERATED ALWAYS AS ({text}) STORED')
        schema_editor.execute(f'CREATE INDEX "{index}" ON "{table}" USING gin ("{COLUMN}" gin_trgm_ops)')
        for old_index in fields.values():
            schema_editor.execute(f'DROP INDEX "{old_index}"')


def remove_columns(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, _index, fields in tables(apps):
        schema_editor.execute(f'ALTER TABLE "{table}" DROP COLUMN "{COLUMN}"')  # and its index
        for field, old_index in fields.items():
            schema_editor.execute(
                f'CREATE INDEX "{old_index}" ON "{table}" USING gin ((UPPER("{field}"::text)) gin_trgm_ops)'
            )


class Migration(migrations.Migration):
    dependencies = [("articles", "0011_postgres_period_timeline_index")]

    operations = [migrations.RunPython(add_columns, remove_columns)]

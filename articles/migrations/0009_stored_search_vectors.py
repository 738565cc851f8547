"""Stored full-text vectors for the site search, on PostgreSQL only.

Migration 0003 indexed the expression ``to_tsvector('english', title || ' ' || body …)``: the GIN
index found the matching rows, but ranking them computed each row's vector again from its text
(233 ms for "treaty" at 1,000 articles: thousands of sections). Here each searched table gets the
vector as a generated column (``GENERATED ALWAYS … STORED``), the same expression, which the
database keeps current on every write: the admin's saves, the importer's bulk_create and raw
INSERTs alike, with no code of theirs involved. The GIN indexes move to the columns, and
``articles.search`` filters and ranks on them. Ranks are unchanged: the vectors are the same.

SQLite has no tsvector; this migration does nothing there (see 0010 for its search index).
"""

from django.db import migrations

COLUMN = "search_vector"
# model name -> (old expression index of 0003, new index, searched fields); keep in step with
# articles.search.KINDS.
SEARCHED = {
    "section": ("section_search_idx", "section_search_vector_idx", ("title", "body")),
    "event": ("event_search_idx", "event_search_vector_idx", ("title", "description", "date_text")),
    "person": ("person_search_idx", "person_search_vector_idx", ("name", "role", "country")),
    "glossaryentry": ("glossary_search_idx", "glossary_search_vector_idx", ("term", "definition")),
}


def vector(fields):
    """The SQL of SearchVector(*fields, config="english"), as Django compiles it."""
    text = " || ' ' || ".join(f"COALESCE(\"{field}\", '')" for field in fields)
    return f"to_tsvector('english'::regconfig, {text})"


def tables(apps):
    for model_name, (old_index, new_index, fields) in SEARCHED.items():
        yield apps.get_model("articles", model_name)._meta.db_table, old_index, new_index, fields


def add_vectors(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, old_index, new_index, fields in tables(apps):
        schema_editor.execute(
            f'ALTER TABLE "{table}" ADD COLUMN "{COLUMN}" tsvector GENERATED ALWAYS AS ({vector(fields)}) STORED'
        )
        schema_editor.execute(f'CREATE INDEX "{new_index}" ON "{table}" USING gin ("{COLUMN}")')
        schema_editor.execute(f'DROP INDEX "{old_index}"')


def remove_vectors(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, old_index, _new_index, fields in tables(apps):
        schema_editor.execute(f'ALTER TABLE "{table}" DROP COLUMN "{COLUMN}"')  # and its index
        schema_editor.execute(f'CREATE INDEX "{old_index}" ON "{table}" USING gin (({vector(fields)}))')


class Migration(migrations.Migration):
    dependencies = [("articles", "0008_sqlite_timeline_indexes")]

    operations = [migrations.RunPython(add_vectors, remove_vectors)]

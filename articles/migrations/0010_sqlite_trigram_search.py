"""Full-text (trigram) indexes for the words filters and the site search, on SQLite only.

On SQLite ``icontains`` is ``LIKE '%word%'``, which no B-tree can serve: every words filter and
every search read whole tables (30-60 ms a scan at 1,000 articles, and a filtered timeline ran
three). Here each searched table gets an FTS5 table with the ``trigram`` tokenizer, which finds
the rows holding a substring of three characters or more, in any case: what PostgreSQL's
``pg_trgm`` indexes of migration 0007 do. ``articles.search.matches_all_words`` looks words of three
characters or more up there instead of ``LIKE``: the same rows, found without reading the table.

The FTS tables are external-content tables (the text stays in the model's table; the index holds
only trigrams and row ids), kept current by triggers on every insert, delete and update of a
searched column: the admin's saves, the importer's bulk_create and raw INSERTs alike.

Caution for a later migration that makes SQLite rebuild one of these tables (an AlterField it
cannot do in place): the rebuild drops the table's triggers. Such a migration must run this one's
``remove`` then ``add`` for that table (or rebuild the index) around it.

PostgreSQL has its trigram and full-text indexes (0007, 0009): this migration does nothing there.
"""

from django.db import migrations

# model name -> the columns its words filter and search read; keep in step with
# articles.search.TRIGRAM_INDEXED.
INDEXED = {
    "article": ("title",),
    "section": ("title", "body"),
    "event": ("title", "description", "date_text"),
    "person": ("name", "aliases", "role", "country"),
    "glossaryentry": ("term", "aliases", "definition"),
}


def statements(table, columns):
    """Yield the SQL that creates the FTS table of ``table``, fills it and keeps it current."""
    fts = f"{table}_fts"
    names = ", ".join(f'"{column}"' for column in columns)
    new = ", ".join(f'new."{column}"' for column in columns)
    old = ", ".join(f'old."{column}"' for column in columns)
    insert = f'INSERT INTO "{fts}" (rowid, {names}) VALUES (new."id", {new});'
    delete = f'INSERT INTO "{fts}" ("{fts}", rowid, {names}) VALUES (\'delete\', old."id", {old});'
    yield (
        f'CREATE VIRTUAL TABLE "{fts}" USING fts5({names}, content="{table}", content_rowid="id", '
        "tokenize=\"trigram\")"
    )
    yield f'INSERT INTO "{fts}" ("{fts}") VALUES (\'rebuild\')'
    yield f'CREATE TRIGGER "{fts}_insert" AFTER INSERT ON "{table}" BEGIN {insert} END'
    yield f'CREATE TRIGGER "{fts}_delete" AFTER DELETE ON "{table}" BEGIN {delete} END'
    yield f'CREATE TRIGGER "{fts}_update" AFTER UPDATE OF {names} ON "{table}" BEGIN {delete} {insert} END'


def tables(apps):
    for model_name, columns in INDEXED.items():
        yield apps.get_model("articles", model_name)._meta.db_table, columns


def add(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for table, columns in tables(apps):
        for statement in statements(table, columns):
            schema_editor.execute(statement)


def remove(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for table, _columns in tables(apps):
        for trigger in ("insert", "delete", "update"):
            schema_editor.execute(f'DROP TRIGGER "{table}_fts_{trigger}"')
        schema_editor.execute(f'DROP TABLE "{table}_fts"')


class Migration(migrations.Migration):
    dependencies = [("articles", "0009_stored_search_vectors")]

    operations = [migrations.RunPython(add, remove)]

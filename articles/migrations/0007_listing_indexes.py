"""Indexes for the orders and filters of the public listings.

Every database: the article listing (A–Z) and the home page's latest articles, the people listing
by name, and the timeline's order (status, date, title), which replaces (status, date).

PostgreSQL only (as in ``0003_search_indexes``: SQLite has neither NULLS LAST in an index nor
trigram indexes, and this part does nothing there):

- newest first: ``date DESC NULLS LAST, title DESC``, an order no backward scan of an ascending
  index gives (it would put undated events first);
- the words filters: ``icontains`` compiles to ``UPPER(column::text) LIKE UPPER('%word%')``, which
  a B-tree cannot serve; a ``pg_trgm`` GIN index on exactly that expression can.
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations, models
from django.db.models import F

# model name -> {index name: column its words filter reads}; keep in step with the words_filter
# fields of articles.filters.
WORDS_FILTERED = {
    "article": {"article_title_trgm_idx": "title"},
    "event": {
        "event_title_trgm_idx": "title",
        "event_description_trgm_idx": "description",
        "event_date_text_trgm_idx": "date_text",
    },
    "person": {"person_name_trgm_idx": "name", "person_aliases_trgm_idx": "aliases"},
    "glossaryentry": {
        "glossary_term_trgm_idx": "term",
        "glossary_aliases_trgm_idx": "aliases",
        "glossary_definition_trgm_idx": "definition",
    },
}
NEWEST_FIRST = models.Index(
    F("status"), F("date").desc(nulls_last=True), F("title").desc(), name="event_status_newest_idx"
)


class TrigramExtensionOnPostgreSQL(TrigramExtension):
    """pg_trgm; Django's operation skips other databases going forwards only: backwards too."""

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


def trigram_indexes(apps):
    """Yield (index name, CREATE INDEX statement) for each words filter's column."""
    for model_name, columns in WORDS_FILTERED.items():
        table = apps.get_model("articles", model_name)._meta.db_table
        for name, column in columns.items():
            # Written out: Django wraps an OpClass inside an expression index in parentheses,
            # which PostgreSQL rejects. The expression is the one icontains compiles to.
            yield name, f'CREATE INDEX "{name}" ON "{table}" USING gin ((UPPER("{column}"::text)) gin_trgm_ops)'


def add_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.add_index(apps.get_model("articles", "event"), NEWEST_FIRST)
    for _name, statement in trigram_indexes(apps):
        schema_editor.execute(statement)


def remove_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.remove_index(apps.get_model("articles", "event"), NEWEST_FIRST)
    for name, _statement in trigram_indexes(apps):
        schema_editor.execute(f'DROP INDEX "{name}"')


class Migration(migrations.Migration):
    dependencies = [("articles", "0006_glossary_status_term_index")]

    operations = [
        migrations.AddIndex(
            model_name="article",
            index=models.Index(fields=["status", "title"], name="article_status_title_idx"),
        ),
        migrations.AddIndex(
            model_name="article",
            index=models.Index(fields=["status", "created_at"], name="article_status_created_idx"),
        ),
        migrations.AddIndex(
            model_name="person",
            index=models.Index(fields=["status", "name"], name="person_status_name_idx"),
        ),
        migrations.RemoveIndex(model_name="event", name="event_status_date_idx"),
        migrations.AddIndex(
            model_name="event",
            index=models.Index(fields=["status", "date", "title"], name="event_status_date_title_idx"),
        ),
        TrigramExtensionOnPostgreSQL(),
        migrations.RunPython(add_indexes, remove_indexes),
    ]

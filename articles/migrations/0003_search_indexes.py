"""GIN indexes for the site search's full-text vectors, on PostgreSQL only.

Each index covers exactly the expression articles.search builds, SearchVector(*fields,
config="english"), so that PostgreSQL can answer `vector @@ query` from the index. SQLite has no
such index type; the search falls back to icontains there, and this migration does nothing.
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations

# model name -> (index name, searched fields); keep in step with articles.search.KINDS.
SEARCHED = {
    "section": ("section_search_idx", ("title", "body")),
    "event": ("event_search_idx", ("title", "description", "date_text")),
    "person": ("person_search_idx", ("name", "role", "country")),
    "glossaryentry": ("glossary_search_idx", ("term", "definition")),
}


def indexes(apps):
    for model_name, (name, fields) in SEARCHED.items():
        yield apps.get_model("articles", model_name), GinIndex(SearchVector(*fields, config="english"), name=name)


def add_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for model, index in indexes(apps):
        schema_editor.add_index(model, index)


def remove_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for model, index in indexes(apps):
        schema_editor.remove_index(model, index)


class Migration(migrations.Migration):
    dependencies = [("articles", "0002_default_periods_and_topics")]

    operations = [migrations.RunPython(add_indexes, remove_indexes)]

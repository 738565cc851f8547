"""The search's configuration and the migrations that built its indexes say the same.

``articles/public/search.py`` and ``articles/public/filters.py`` name the fields each search and
words filter reads; migrations 0003, 0007, 0009, 0010 and 0012 built indexes (and generated
columns) over fields they wrote out again, and migrations are never edited. If the code changes
a field list, these tests fail until a new migration rebuilds the index to match.
"""

import importlib

from django.apps import apps
from django.test import SimpleTestCase

from articles.public import filters, search


def migration(name):
    return importlib.import_module(f"articles.migrations.{name}")


def searched_fields():
    """model name -> the fields the site search reads, from search.KINDS."""
    return {kind.queryset().model._meta.model_name: kind.fields for kind in search.KINDS}


def words_filtered_fields():
    """model name -> the fields each listing's words filter reads, from the filter sets."""
    found = {}
    for filterset in (filters.EventFilter, filters.PersonFilter, filters.GlossaryFilter, filters.ArticleFilter):
        for declared in filterset.base_filters.values():
            if hasattr(declared, "searched_fields"):
                found[filterset._meta.model._meta.model_name] = tuple(declared.searched_fields)
    return found


class SearchConfigurationTests(SimpleTestCase):
    def test_postgresql_full_text_indexes_cover_the_searched_fields(self):
        searched = searched_fields()
        self.assertEqual(
            {model: fields for model, (_index, fields) in migration("0003_search_indexes").SEARCHED.items()}, searched
        )
        vectors = migration("0009_stored_search_vectors")
        self.assertEqual({model: fields for model, (_old, _new, fields) in vectors.SEARCHED.items()}, searched)

    def test_postgresql_full_text_configuration(self):
        self.assertIn(f"'{search.CONFIG}'::regconfig", migration("0009_stored_search_vectors").vector(("title",)))
        for _model, index in migration("0003_search_indexes").indexes(apps):
            config = index.expressions[0].config.get_source_expressions()[0]
            self.assertEqual(config.value, search.CONFIG)

    def test_sqlite_trigram_indexes_cover_every_search_and_words_filter(self):
        indexed = migration("0010_sqlite_trigram_search").INDEXED
        self.assertEqual(indexed, search.TRIGRAM_INDEXED)
        for model, fields in [*searched_fields().items(), *words_filtered_fields().items()]:
            with self.subTest(model=model, fields=fields):
                self.assertLessEqual(set(fields), set(indexed[model]))

    def test_postgresql_words_columns_are_the_words_filters_fields_in_order(self):
        words = migration("0012_postgres_words_columns").WORDS
        self.assertEqual({model: tuple(fields) for model, (_index, fields) in words.items()}, search.WORDS_COLUMNS)
        filtered = words_filtered_fields()
        self.assertEqual(set(filtered), {"event", "person", "glossaryentry", "article"})
        for model, fields in search.WORDS_COLUMNS.items():
            self.assertEqual(filtered[model], fields, model)  # else words_text() finds no column to use
        # 0007 indexed each words filter's fields (0012 replaced those of the models with a words column).
        trigram = migration("0007_listing_indexes").WORDS_FILTERED
        self.assertEqual(
            {model: set(columns.values()) for model, columns in trigram.items()},
            {model: set(fields) for model, fields in filtered.items()},
        )

"""Articles imported together (article_imports): the same outcome as importing each in turn."""

from dataclasses import replace
from pathlib import Path

from django.db import connection, transaction
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from articles.importing.parser import decode_source, parse_article
from articles.models import Article, Event, GlossaryEntry, Person
from articles.services import ImportRejected, article_import, article_imports, collection_document
from benchmarks import generate_articles
from tests.factories import changed, database_content

DATA = Path(__file__).resolve().parent / "data"


def shared_pair():
    """Return two articles that name the same people and terms, each saying a little about them."""
    names = ["france-japan-relations.txt", "germany-japan-relations.txt"]
    return [(parse_article((DATA / name).read_text(encoding="utf-8")), name) for name in names]


def generated(count, start=0):
    sources = []
    for index in range(start, start + count):
        stem, data, _ = generate_articles.generate("import-groups", index)
        sources.append((parse_article(decode_source(data)), f"{stem}.txt"))
    return sources


def outcome():
    """Return what the database holds, relations by slug, and the history of shared records."""
    histories = {
        model.__name__: list(
            model.history.order_by("history_id").values_list("slug", "history_type", "history_change_reason")
        )
        for model in (Article, GlossaryEntry, Person, Event)
    }
    snapshots = {
        model.__name__: sorted(model.objects.values_list("slug", "imported", "version"))
        for model in (GlossaryEntry, Person, Event)
    }
    return collection_document(Article.objects.all()), snapshots, histories


def report_facts(report):
    return report.articles, report.counts, report.kept, report.updated, report.not_in_source


class ImportedTogetherTests(TestCase):
    def assert_same_as_one_by_one(self, sources):
        """Import the sources one by one, roll back, import them together; compare."""
        before = database_content()
        with transaction.atomic():
            one_by_one = [report_facts(article_import(parsed=p, source_name=name)) for p, name in sources]
            expected = outcome()
            transaction.set_rollback(True)
        self.assertEqual(database_content(), before)
        together = [report_facts(report) for report in article_imports(sources)]
        self.assertEqual(together, one_by_one)
        self.assertEqual(outcome(), expected)

    def test_articles_sharing_people_and_terms(self):
        sources = shared_pair()
        self.assert_same_as_one_by_one(sources)
        # The second article's people and terms were merged with what the first said of them.
        chirac = Person.objects.get(slug="jacques-chirac")
        self.assertEqual((chirac.role, chirac.country), ("President", "France"))
        self.assertEqual(GlossaryEntry.objects.get(slug="japan").aliases, ["Japan", "Japanese", "Nippon"])

    def test_generated_articles_with_shared_records_and_event_slugs(self):
        sources = generated(6)
        self.assert_same_as_one_by_one(sources)
        # Not a vacuous comparison: records named by several articles, events numbered apart.
        self.assertTrue(Person.objects.filter(sections__article__isnull=False).values("pk").distinct().exists())
        shared_terms = [e for e in GlossaryEntry.objects.all() if e.sections.values("article").distinct().count() > 1]
        self.assertTrue(shared_terms)

    def test_articles_among_them_already_imported_and_edited(self):
        sources = shared_pair() + generated(3)
        article_import(parsed=sources[1][0], source_name=sources[1][1])
        article_import(parsed=sources[3][0], source_name=sources[3][1])
        Person.objects.filter(slug="jacques-chirac").update(role="Prime Minister")  # an editor's change
        # The source of an imported article changed since: a section and an event are updated.
        parsed = sources[3][0]
        parsed = changed(parsed, "sections", parsed.sections[1].slug, title="A new title")
        parsed = changed(parsed, "events", parsed.events[0].key, description="A new description.")
        sources[3] = (parsed, sources[3][1])
        self.assert_same_as_one_by_one(sources)

    def test_the_same_article_twice(self):
        [source] = generated(1)
        self.assert_same_as_one_by_one([source, source])

    def test_shared_records_are_read_once_whatever_the_number_of_articles(self):
        def reads_of_shared_records(sources):
            with transaction.atomic(), CaptureQueriesContext(connection) as context:
                article_imports(sources)
                transaction.set_rollback(True)
            # Saving a changed record checks that its slug is still its own: a query per write, not a read.
            selects = [
                q["sql"]
                for q in context.captured_queries
                if q["sql"].startswith("SELECT") and "LIMIT 1" not in q["sql"]
            ]
            return sum(f'FROM "{model._meta.db_table}"' in sql for sql in selects for model in (Person, GlossaryEntry))

        self.assertEqual(reads_of_shared_records(generated(2)), reads_of_shared_records(generated(6)))

    def test_event_slugs_and_keys_are_asked_once_for_new_articles(self):
        with transaction.atomic(), CaptureQueriesContext(connection) as context:
            article_imports(generated(6))
            transaction.set_rollback(True)
        event_reads = [
            q["sql"]
            for q in context.captured_queries
            if q["sql"].startswith("SELECT") and 'FROM "articles_event"' in q["sql"]
        ]
        self.assertEqual(len(event_reads), 1, event_reads)

    def test_a_refused_article_writes_none_of_them(self):
        sources = generated(3)
        sources[1] = (replace(sources[1][0], title="x" * 300), sources[1][1])  # longer than a title may be
        before = database_content()
        with self.assertRaises(ImportRejected) as caught:
            article_imports(sources)
        self.assertIn("title", str(caught.exception))
        self.assertEqual(database_content(), before)

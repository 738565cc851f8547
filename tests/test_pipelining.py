"""Imports send their INSERTs without waiting for them, on PostgreSQL (articles.services.pipelining)."""

from datetime import date
from unittest import mock, skipIf, skipUnless

from django.db import IntegrityError, connection, transaction
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from simple_history.models import HistoricalRecords

from articles.importing.document import PartialDate
from articles.models import Article, Event, GlossaryEntry, Person, Section, Status
from articles.services import ImportRejected, article_imports, pipelining
from articles.services.bulk_insert import insert_instances, insert_rows
from articles.services.pipelining import PrimaryKeys, pipelined
from tests.factories import changed, make_glossary_entry, make_person, make_section, parsed_article
from tests.test_import_groups import generated, outcome, shared_pair

postgresql_only = skipUnless(pipelining.can_pipeline(connection), "psycopg's pipeline mode is PostgreSQL's")


def history_links():
    """Return each history record's links, by slugs, for the relations whose history is kept."""
    links = {}
    for relation in (Section.terms.field, Section.people.field, Event.topics.field, Event.people.field):
        through = HistoricalRecords.m2m_models[relation]
        target = relation.m2m_reverse_field_name()
        links[relation.name, relation.model.__name__] = sorted(
            through.objects.values_list("history__slug", "history__history_type", f"{target}__slug")
        )
    return links


@postgresql_only
class PipelinedImportTests(TestCase):
    def test_an_import_waits_for_none_of_its_own_inserts(self):
        with CaptureQueriesContext(connection) as queries, pipelined("default") as waits:
            article_imports(generated(3))
        inserts = [query["sql"] for query in queries.captured_queries if query["sql"].startswith("INSERT")]
        # Django's own (the history of a record updated by save()) return a key, and wait for it.
        own = [sql for sql in inserts if " RETURNING " not in sql]
        self.assertGreater(len(own), 30)
        self.assertEqual(waits.unawaited, len(own))
        self.assertEqual(waits.waited + waits.unawaited, len(queries.captured_queries))

    def test_a_pipelined_import_leaves_what_waiting_for_each_statement_leaves(self):
        sources = shared_pair() + generated(4)
        with transaction.atomic():
            with mock.patch.object(pipelining, "can_pipeline", return_value=False):
                article_imports(sources)
            expected = outcome(), history_links()
            transaction.set_rollback(True)
        self.assertFalse(Article.objects.exists())

        article_imports(sources)
        self.assertEqual((outcome(), history_links()), expected)

    def test_a_first_import_takes_no_key_it_does_not_use(self):
        article_imports(shared_pair() + generated(5))
        next_keys = PrimaryKeys.for_database("default")
        for model in (Article, Section, Event, Person, GlossaryEntry):
            with self.subTest(model=model.__name__):
                keys = list(model.objects.values_list("pk", flat=True))
                self.assertEqual(max(keys) - min(keys) + 1, len(keys))
                self.assertEqual(next_keys.take(model, 1), [max(keys) + 1])

    def test_a_refused_insert_is_written_again_waiting_to_name_the_record(self):
        ends_before_it_starts = PartialDate(date(1989, 6, 10), "day", date(1989, 6, 2), "June 10 to June 2, 1989")
        parsed = changed(parsed_article(), "events", "history-2", date=ends_before_it_starts)
        with CaptureQueriesContext(connection) as queries, self.assertRaises(ImportRejected) as caught:
            article_imports([(parsed, "sample.txt")])
        self.assertIn("Event 'history-2':", str(caught.exception))
        self.assertIn("The end date must be on or after the start date.", str(caught.exception))
        statements = [query["sql"] for query in queries.captured_queries]
        event_inserts = [sql for sql in statements if sql.startswith('INSERT INTO "articles_event"')]
        self.assertEqual(len(event_inserts), 2)  # pipelined, refused; then written again, waiting
        self.assertFalse(Article.objects.exists())


@postgresql_only
class PipelineTests(TestCase):
    def test_a_refused_unawaited_insert_raises_djangos_error_at_the_next_wait(self):
        section, term = make_section(), make_glossary_entry()
        section.terms.add(term)
        sent = False
        with self.assertRaises(IntegrityError), transaction.atomic(), pipelined("default"):
            insert_rows(Section.terms.through, [{"section_id": section.pk, "glossaryentry_id": term.pk}])
            sent = True
            Article.objects.count()
        self.assertTrue(sent)
        self.assertEqual(section.terms.count(), 1)

    def test_django_reads_its_row_counts_in_a_pipeline(self):
        person = make_person()
        with transaction.atomic(), pipelined("default") as waits:
            self.assertEqual(Person.objects.filter(pk=person.pk).update(role="Envoy"), 1)
            person.refresh_from_db()
            person.name = "Renamed"
            person.save()  # raises if its UPDATE seems to have changed no row
        self.assertGreater(waits.waited, 2)
        self.assertEqual(Person.objects.values_list("name", "role").get(pk=person.pk), ("Renamed", "Envoy"))

    def test_keys_taken_ahead_go_out_in_order(self):
        keys = PrimaryKeys.for_database("default")
        keys.reserve({Person: 3})
        first, then = keys.take(Person, 2), keys.take(Person, 3)
        taken = first + then
        self.assertEqual(taken[:3], list(range(taken[0], taken[0] + 3)))
        self.assertEqual(taken, sorted(set(taken)))
        people = [Person(name=f"Taken {n}", slug=f"taken-{n}", status=Status.PUBLISHED) for n in range(2)]
        wanted = keys.take(Person, 2)
        insert_instances(Person, people, wanted)
        self.assertEqual(list(Person.objects.order_by("pk").values_list("pk", flat=True)), wanted)
        self.assertEqual([person.pk for person in people], wanted)


@skipIf(pipelining.can_pipeline(connection), "without pipelines only")
class WithoutPipelineTests(TestCase):
    def test_statements_wait_as_usual(self):
        with pipelined("default") as waits:
            self.assertIsNone(waits)
            self.assertIsNone(PrimaryKeys.for_database("default"))
            article_imports(generated(1))
        self.assertEqual(Article.objects.count(), 1)

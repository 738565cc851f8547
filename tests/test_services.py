"""The import service on hand-built parsed articles: what it writes, keeps and reports."""

from dataclasses import replace
from datetime import date

from django.db import IntegrityError, connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from articles.importing.document import PartialDate
from articles.models import Article, Event, GlossaryEntry, Period, Person, Section, Status, Topic
from articles.services import Counts, FieldRef, ImportRejected, RecordRef, article_import
from tests.factories import (
    changed,
    database_content,
    failing_writes,
    make_event,
    make_person,
    make_section,
    parsed_article,
)

MODELS = ["Article", "GlossaryEntry", "Person", "Section", "Event"]


def import_parsed(parsed=None, **options):
    return article_import(parsed=parsed or parsed_article(), source_name="atlantis.txt", **options)


def write_statements(queries):
    return [query["sql"] for query in queries if query["sql"].split()[0] in {"INSERT", "UPDATE", "DELETE"}]


class FirstImportTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.report = import_parsed()

    def test_report_counts_every_record_as_created(self):
        self.assertEqual(list(self.report.counts), MODELS)
        created = {model: counts.created for model, counts in self.report.counts.items()}
        self.assertEqual(created, {"Article": 1, "GlossaryEntry": 4, "Person": 2, "Section": 2, "Event": 5})
        self.assertEqual((self.report.kept, self.report.updated, self.report.not_in_source), ([], [], []))
        self.assertEqual(self.report.articles, ["atlantis-lemuria-relations"])

    def test_article_is_published_with_its_source(self):
        article = Article.objects.get()
        self.assertEqual(
            (article.title, article.slug, article.source, article.status),
            ("Atlantis–Lemuria relations", "atlantis-lemuria-relations", "atlantis.txt", Status.PUBLISHED),
        )
        self.assertEqual(
            article.imported,
            {"title": article.title, "source": "atlantis.txt", "source_title": article.title, "status": "published"},
        )

    def test_sections_keep_order_body_terms_and_people(self):
        sections = list(Section.objects.order_by("order"))
        self.assertEqual(
            [(s.slug, s.order, s.title) for s in sections],
            [("lead", 0, "Atlantis–Lemuria relations"), ("history", 1, "History")],
        )
        history = sections[1]
        self.assertEqual(
            history.body,
            "In July 1986 [[Jane Doe]] signed a trade agreement.\n\n"
            "From June 2 to June 10, 1989, the [[Coral Treaty]] talks met. On May 25 John Roe launched a satellite.",
        )
        self.assertEqual(sorted(history.terms.values_list("slug", flat=True)), ["coral-treaty", "jane-doe"])
        self.assertEqual(sorted(history.people.values_list("slug", flat=True)), ["jane-doe", "john-roe"])
        self.assertEqual(history.imported["terms"], ["coral-treaty", "jane-doe"])

    def test_glossary_entries_and_people(self):
        lemuria = GlossaryEntry.objects.get(slug="lemuria")
        self.assertEqual((lemuria.term, lemuria.aliases), ("Lemuria", ["Lemuria", "the Lemurian"]))
        jane = Person.objects.select_related("glossary_entry").get(slug="jane-doe")
        self.assertEqual(
            (jane.name, jane.role, jane.country, jane.aliases), ("Jane Doe", "President", "Atlantis", ["Doe"])
        )
        self.assertEqual(jane.glossary_entry.slug, "jane-doe")
        self.assertIsNone(Person.objects.get(slug="john-roe").glossary_entry)
        self.assertEqual(jane.imported["glossary_entry"], "jane-doe")

    def test_events_keep_date_precision_and_source_wording(self):
        rows = Event.objects.order_by("import_key").values_list(
            "import_key", "date", "end_date", "precision", "date_text"
        )
        self.assertEqual(
            list(rows),
            [
                ("history-1", date(1986, 7, 1), None, "month", "July 1986"),
                ("history-2", date(1989, 6, 2), date(1989, 6, 10), "day", "June 2 to June 10, 1989"),
                ("history-3", None, None, "", "May 25"),
                ("lead-1", date(1800, 1, 1), None, "century", "the late 19th century"),
                ("lead-2", date(1980, 1, 1), None, "decade", "the 1980s"),
            ],
        )

    def test_events_take_their_period_from_their_start_year(self):
        periods = dict(Event.objects.values_list("import_key", "period__slug"))
        self.assertEqual(
            periods,
            {
                "lead-1": "imperial-era",
                "lead-2": "cold-war",
                "history-1": "rapprochement",
                "history-2": "rapprochement",
                "history-3": None,
            },
        )

    def test_events_link_their_section_people_and_topics(self):
        event = Event.objects.select_related("section").get(import_key="history-1")
        self.assertEqual(event.section.slug, "history")
        self.assertEqual(list(event.people.values_list("slug", flat=True)), ["jane-doe"])
        self.assertEqual(sorted(event.topics.values_list("slug", flat=True)), ["diplomacy", "economy"])
        self.assertEqual(
            list(Event.objects.get(import_key="history-3").topics.values_list("slug", flat=True)), ["space"]
        )

    def test_event_snapshot_holds_iso_dates_slugs_and_sorted_lists(self):
        event = Event.objects.get(import_key="history-2")
        self.assertEqual(
            event.imported,
            {
                "slug": "coral-treaty-talks",
                "title": "Coral Treaty talks",
                "description": "From June 2 to June 10, 1989, the Coral Treaty talks met.",
                "date": "1989-06-02",
                "precision": "day",
                "end_date": "1989-06-10",
                "date_text": "June 2 to June 10, 1989",
                "section": "history",
                "period": "rapprochement",
                "topics": ["diplomacy"],
                "people": [],
                "needs_review": False,
                "review_reason": "",
                "status": "published",
            },
        )


class TopicAndPeriodTests(TestCase):
    def test_topics_come_from_the_section_title_as_well_as_the_event(self):
        import_parsed(changed(parsed_article(), "sections", "history", title="Space race"))
        topics = Event.objects.get(import_key="history-2").topics.values_list("slug", flat=True)
        self.assertEqual(sorted(topics), ["diplomacy", "space"])

    def test_periods_are_read_from_the_database_as_editors_left_them(self):
        Period.objects.filter(slug="rapprochement").update(start_year=1987)
        Period.objects.filter(slug="cold-war").update(end_year=1987)
        import_parsed()
        self.assertEqual(Event.objects.get(import_key="history-1").period.slug, "cold-war")

    def test_periods_and_topics_are_read_once_per_import(self):
        with CaptureQueriesContext(connection) as context:
            import_parsed()
        tables = [query["sql"] for query in context.captured_queries if query["sql"].startswith("SELECT")]
        self.assertEqual(sum('FROM "articles_period"' in sql for sql in tables), 1)
        self.assertEqual(sum('FROM "articles_topic"' in sql for sql in tables), 1)


class EventSlugTests(TestCase):
    def test_new_event_slug_does_not_take_another_events_slug(self):
        make_event(slug="embassies-opened", import_key="another-article-1")
        make_event(slug="coral-treaty-talks")  # made by an editor: no import key
        import_parsed()
        slugs = dict(Event.objects.exclude(import_key__in=["", "another-article-1"]).values_list("import_key", "slug"))
        self.assertEqual(slugs["lead-2"], "embassies-opened-2")
        self.assertEqual(slugs["history-2"], "coral-treaty-talks-2")

        report = import_parsed()
        self.assertEqual(report.counts["Event"], Counts(unchanged=5))

    def test_numbering_skips_every_numbered_slug_already_taken(self):
        make_event(slug="embassies-opened", import_key="another-article-1")
        make_event(slug="embassies-opened-2", import_key="another-article-2")
        make_event(slug="embassies-opened-3")
        import_parsed()
        self.assertEqual(Event.objects.get(import_key="lead-2").slug, "embassies-opened-4")

    def test_events_of_one_title_skip_a_numbered_slug_taken_though_the_first_is_free(self):
        # The second event's slug is asked of the database only once the first took the base.
        make_event(slug="coral-treaty-talks-2", import_key="another-article-1")
        parsed = changed(parsed_article(), "events", "history-3", slug="coral-treaty-talks")
        import_parsed(parsed)
        slugs = dict(Event.objects.filter(import_key__in=["history-2", "history-3"]).values_list("import_key", "slug"))
        self.assertEqual(slugs, {"history-2": "coral-treaty-talks", "history-3": "coral-treaty-talks-3"})

        report = import_parsed(parsed)
        self.assertEqual(report.counts["Event"], Counts(unchanged=5))

    def test_a_title_hundreds_of_events_share_costs_a_few_reads(self):
        make_event(slug="embassies-opened", import_key="another-article-0")
        for number in range(2, 301):
            make_event(slug=f"embassies-opened-{number}", import_key=f"another-article-{number}")
        with CaptureQueriesContext(connection) as context:
            import_parsed()
        self.assertEqual(Event.objects.get(import_key="lead-2").slug, "embassies-opened-301")
        slug_reads = [q["sql"] for q in context.captured_queries if '"articles_event"."slug" IN' in q["sql"]]
        # Each read asks twice as far ahead as the one before: 2, then 3-11, 12-31, 32-71…
        self.assertLessEqual(len(slug_reads), 7)

    def test_slugs_are_found_by_exact_lookups(self):
        make_event(slug="embassies-opened", import_key="another-article-1")
        with CaptureQueriesContext(connection) as context:
            import_parsed()
        slug_reads = [q["sql"] for q in context.captured_queries if '"articles_event"."slug" IN' in q["sql"]]
        # One read for the base slugs and the import keys, one more for the slug numbered after
        # the one taken; no range of slugs.
        self.assertEqual(len(slug_reads), 2)
        self.assertFalse(any('"articles_event"."slug" >=' in sql for sql in slug_reads))


class ReimportTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        import_parsed()

    def test_same_source_writes_nothing(self):
        before = database_content()
        with CaptureQueriesContext(connection) as context:
            report = import_parsed()
        self.assertEqual(write_statements(context.captured_queries), [])
        self.assertEqual(database_content(), before)  # updated_at included
        self.assertEqual(
            report.counts,
            {
                "Article": Counts(unchanged=1),
                "GlossaryEntry": Counts(unchanged=4),
                "Person": Counts(unchanged=2),
                "Section": Counts(unchanged=2),
                "Event": Counts(unchanged=5),
            },
        )
        self.assertFalse(report.changed)

    def test_changed_source_updates_the_fields_and_their_snapshot(self):
        parsed = changed(parsed_article(), "glossary", "lemuria", definition="Lemuria is a continent...")
        parsed = changed(parsed, "events", "history-1", title="Trade deal signed", people=())
        report = import_parsed(parsed)
        self.assertEqual(report.counts["GlossaryEntry"], Counts(updated=1, unchanged=3))
        self.assertEqual(report.counts["Event"], Counts(updated=1, unchanged=4))
        self.assertEqual(
            report.updated,
            [
                FieldRef("GlossaryEntry", "lemuria", "definition"),
                FieldRef("Event", "trade-agreement-signed", "title"),
                FieldRef("Event", "trade-agreement-signed", "people"),
            ],
        )
        event = Event.objects.get(import_key="history-1")
        self.assertEqual((event.title, event.imported["title"]), ("Trade deal signed", "Trade deal signed"))
        self.assertEqual((event.people.count(), event.imported["people"]), (0, []))
        self.assertTrue(report.changed)

    def test_fields_editors_changed_are_kept_and_reported(self):
        Section.objects.filter(slug="history").update(body="An editor's history.")
        Person.objects.filter(slug="jane-doe").update(role="Prime Minister")
        Event.objects.get(import_key="history-1").topics.set(Topic.objects.filter(slug="sport"))
        parsed = changed(parsed_article(), "sections", "history", paragraphs=("A new history.",), title="Past")
        parsed = changed(parsed, "people", "jane-doe", role="Chancellor", country="Atlantis Republic")

        report = import_parsed(parsed)

        self.assertEqual(
            report.kept,
            [
                FieldRef("Person", "jane-doe", "role"),
                FieldRef("Section", "history", "body"),
                FieldRef("Event", "trade-agreement-signed", "topics"),
            ],
        )
        self.assertEqual(report.counts["Section"], Counts(unchanged=1, kept_as_edited=1))
        self.assertEqual(report.counts["Person"], Counts(unchanged=1, kept_as_edited=1))
        self.assertEqual(report.counts["Event"], Counts(unchanged=4, kept_as_edited=1))
        history = Section.objects.get(slug="history")
        self.assertEqual((history.body, history.title), ("An editor's history.", "Past"))
        jane = Person.objects.get(slug="jane-doe")
        self.assertEqual((jane.role, jane.country), ("Prime Minister", "Atlantis Republic"))
        topics = Event.objects.get(import_key="history-1").topics.values_list("slug", flat=True)
        self.assertEqual(list(topics), ["sport"])

        # The edits stay edits on later imports.
        again = import_parsed(parsed)
        self.assertEqual(again.kept, report.kept)
        self.assertEqual(again.updated, [])

    def test_editor_value_that_the_source_now_gives_is_followed_again(self):
        Person.objects.filter(slug="john-roe").update(role="Astronaut")
        report = import_parsed(changed(parsed_article(), "people", "john-roe", role="Astronaut"))
        self.assertEqual((report.kept, report.counts["Person"]), ([], Counts(unchanged=2)))

        report = import_parsed(changed(parsed_article(), "people", "john-roe", role="Pilot"))
        self.assertEqual(report.updated, [FieldRef("Person", "john-roe", "role")])
        self.assertEqual(Person.objects.get(slug="john-roe").role, "Pilot")

    def test_an_editor_unpublishing_a_record_is_kept(self):
        Event.objects.filter(import_key="history-3").update(status=Status.DRAFT)
        report = import_parsed()
        self.assertEqual(report.kept, [FieldRef("Event", "satellite-launched", "status")])
        self.assertEqual(Event.objects.get(import_key="history-3").status, Status.DRAFT)

    def test_records_the_source_no_longer_has_are_left_alone_and_reported(self):
        article = Article.objects.get()
        make_section(article=article, slug="added-by-editor", order=9)
        report = import_parsed(parsed_article(events=parsed_article().events[:-1]))
        self.assertEqual(
            report.not_in_source,
            [RecordRef("Section", "added-by-editor"), RecordRef("Event", "satellite-launched")],
        )
        self.assertTrue(Event.objects.filter(import_key="history-3").exists())


class EditorMadeRecordTests(TestCase):
    def test_a_record_an_editor_made_first_keeps_the_editors_values(self):
        make_person(slug="john-roe", name="John Roe", role="Astronaut", country="Lemuria")
        report = import_parsed()
        self.assertEqual(report.counts["Person"], Counts(created=1, kept_as_edited=1))
        self.assertEqual(
            [ref for ref in report.kept if ref.slug == "john-roe"],
            [FieldRef("Person", "john-roe", "aliases"), FieldRef("Person", "john-roe", "role")],
        )
        john = Person.objects.get(slug="john-roe")
        self.assertEqual((john.role, john.aliases), ("Astronaut", []))
        # Fields where editor and source agree are tracked from now on.
        self.assertEqual(
            john.imported,
            {
                "name": "John Roe",
                "country": "Lemuria",
                "glossary_entry": None,
                "needs_review": False,
                "review_reason": "",
                "status": "published",
            },
        )


class DryRunTests(TestCase):
    def test_dry_run_reports_what_an_import_would_do_and_writes_nothing(self):
        report = import_parsed(dry_run=True)
        self.assertTrue(report.dry_run)
        self.assertEqual(report.counts["Event"], Counts(created=5))
        self.assertFalse(Article.objects.exists())
        self.assertFalse(GlossaryEntry.objects.exists())
        self.assertFalse(Event.objects.exists())

    def test_dry_run_over_edited_records_reports_the_same_as_an_import(self):
        import_parsed()
        Section.objects.filter(slug="lead").update(body="Edited.")
        parsed = changed(parsed_article(), "glossary", "atlantis", definition="New.")
        before = database_content()
        dry = import_parsed(parsed, dry_run=True)
        self.assertEqual(database_content(), before)
        real = import_parsed(parsed)
        self.assertEqual((dry.counts, dry.kept, dry.updated), (real.counts, real.kept, real.updated))


class AtomicityTests(TestCase):
    def test_a_write_failing_midway_leaves_the_database_as_it_was(self):
        import_parsed()
        Section.objects.filter(slug="lead").update(body="Edited.")
        parsed = changed(parsed_article(), "glossary", "atlantis", definition="New.")
        parsed = changed(parsed, "events", "history-1", title="Renamed")
        parsed = changed(parsed, "events", "history-2", title="Renamed too")
        before = database_content()
        with failing_writes(Event, RuntimeError("disk full"), after=1) as writes:
            with self.assertRaisesMessage(RuntimeError, "disk full"):
                import_parsed(parsed)
        self.assertEqual(len(writes), 2)  # the first renamed event was written, the second failed
        self.assertEqual(database_content(), before)

    def test_a_write_the_database_refuses_is_rejected_in_one_line(self):
        refusal = IntegrityError('duplicate key value violates unique constraint "x"\nDETAIL: Key (slug)=(a) exists.')
        with failing_writes(Event, refusal), self.assertRaises(ImportRejected) as caught:
            import_parsed()
        self.assertEqual(
            str(caught.exception),
            'the database refused a write, nothing was imported: duplicate key value violates unique constraint "x"',
        )
        self.assertFalse(Article.objects.exists())

    def test_a_failing_first_import_leaves_nothing(self):
        with failing_writes(Person, RuntimeError("lost connection")), self.assertRaises(RuntimeError):
            import_parsed()
        self.assertFalse(Article.objects.exists())
        self.assertFalse(GlossaryEntry.objects.exists())


class RejectedRecordTests(TestCase):
    def test_a_record_that_fails_validation_is_rejected_in_one_line(self):
        parsed = changed(parsed_article(), "events", "history-1", title="x" * 201)
        with self.assertRaises(ImportRejected) as caught:
            import_parsed(parsed)
        message = str(caught.exception)
        self.assertIn("Event 'history-1': title:", message)
        self.assertNotIn("\n", message)
        self.assertFalse(Article.objects.exists())

    def test_a_link_to_an_unknown_record_is_rejected(self):
        parsed = changed(parsed_article(), "sections", "history", people=("jane-doe", "nobody"))
        with self.assertRaisesMessage(ImportRejected, "Section 'history': unknown people 'nobody'"):
            import_parsed(parsed)
        self.assertFalse(Article.objects.exists())

    def test_a_new_record_breaking_a_database_constraint_is_named_in_one_line(self):
        ends_before_it_starts = PartialDate(date(1989, 6, 10), "day", date(1989, 6, 2), "June 10 to June 2, 1989")
        parsed = changed(parsed_article(), "events", "history-2", date=ends_before_it_starts)
        with self.assertRaises(ImportRejected) as caught:
            import_parsed(parsed)
        message = str(caught.exception)
        self.assertIn("Event 'history-2':", message)
        self.assertIn("The end date must be on or after the start date.", message)
        self.assertNotIn("\n", message)
        self.assertFalse(Article.objects.exists())

    def test_a_source_describing_one_record_twice_is_rejected(self):
        parsed = parsed_article()
        parsed = replace(parsed, glossary=parsed.glossary + parsed.glossary[:1])
        with self.assertRaisesMessage(ImportRejected, "GlossaryEntry 'atlantis': described twice in the source"):
            import_parsed(parsed)
        self.assertFalse(Article.objects.exists())


class BulkCreationTests(TestCase):
    def test_a_first_import_writes_each_table_in_one_statement(self):
        with CaptureQueriesContext(connection) as queries:
            import_parsed()
        inserts = [sql.split()[2].strip('"') for sql in write_statements(queries) if sql.startswith("INSERT")]
        self.assertGreater(len(inserts), 10)
        self.assertEqual(len(inserts), len(set(inserts)), inserts)  # no table written row by row

    def test_each_new_record_has_one_history_entry_with_its_links(self):
        import_parsed()
        for model in (Article, GlossaryEntry, Person, Section, Event):
            for record in model.objects.all():
                entries = [(entry.history_type, entry.history_change_reason) for entry in record.history.all()]
                self.assertEqual(entries, [("+", "import")], record)
        section = Section.objects.get(slug="history").history.get()
        self.assertEqual(
            sorted(section.terms.values_list("glossaryentry__slug", flat=True)), ["coral-treaty", "jane-doe"]
        )
        self.assertEqual(sorted(section.people.values_list("person__slug", flat=True)), ["jane-doe", "john-roe"])
        event = Event.objects.get(import_key="history-1")
        self.assertEqual(list(event.history.get().people.values_list("person__slug", flat=True)), ["jane-doe"])
        self.assertEqual(
            sorted(event.history.get().topics.values_list("topic__slug", flat=True)),
            sorted(event.topics.values_list("slug", flat=True)),
        )


def query_plan(sql):
    """Return the database's plan for a captured query, with sequential scans off on PostgreSQL."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute(f"EXPLAIN {sql}")
            plan = "\n".join(row[0] for row in cursor.fetchall())
            cursor.execute("SET LOCAL enable_seqscan = on")
            return plan
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
        return "\n".join(str(row[-1]) for row in cursor.fetchall())


class ImportCostTests(TestCase):
    def test_a_re_import_reads_events_through_indexes_only(self):
        """What an import reads of the events must not grow with how many events there are."""
        make_event(title="Another article's event")
        import_parsed()
        with CaptureQueriesContext(connection) as queries:
            import_parsed(changed(parsed_article(), "events", "history-1", title="Renamed"))
        reads = [
            query["sql"]
            for query in queries
            if query["sql"].startswith("SELECT") and '"articles_event"' in query["sql"]
        ]
        self.assertGreaterEqual(len(reads), 2)  # the events' slugs and keys, the events themselves
        for sql in reads:
            plan = query_plan(sql)
            self.assertNotRegex(plan, r"(SCAN|Seq Scan on) articles_event\b", f"{sql}\n{plan}")

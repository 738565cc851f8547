"""The databases as the settings configure them.

- SQLite (a file, as in production on one machine): several processes writing at once, each in
  read-then-write transactions, all succeed; with SQLite's default DEFERRED transactions such
  transactions fail with "database is locked" (shown step by step), which the test would catch.
- PostgreSQL: EXPLAIN shows the timeline's filters and orderings, the article, people and glossary
  listings, their words filters (the trigram indexes of migration 0007) and the full-text search
  (the GIN indexes of the stored vectors, migration 0009) use their indexes.
- SQLite: EXPLAIN QUERY PLAN shows the timeline in order from the indexes of migration 0008 (no
  sort) and the words filters and search reading the trigram indexes of migration 0010.

Facet counts take a fixed number of queries whatever the filters: pinned in test_views_queries.
"""

import os
import re
import sqlite3
import subprocess
import sys
import textwrap
import time
from datetime import date
from pathlib import Path

import pytest
from django.db import connection
from django.db.models import Count
from django.http import QueryDict
from django.test import TestCase
from simple_history.models import HistoricalRecords

from articles.models import Article, Event, GlossaryEntry, Period, Person, Section, Status, Topic
from articles.public import search, selectors
from articles.public.filters import ArticleFilter, EventFilter, GlossaryFilter, PersonFilter

ROOT = Path(__file__).resolve().parent.parent

# --- SQLite: concurrent writers ----------------------------------------------------------------

WRITERS = 4
ROUNDS = 25
WRITER = textwrap.dedent(
    """
    import os, sys, time
    import django
    django.setup()
    from django.db import connection, transaction
    time.sleep(max(0.0, float(os.environ["START_AT"]) - time.time()))  # every writer starts together
    for _ in range(int(os.environ["ROUNDS"])):
        try:
            with transaction.atomic():  # read, think, write: the pattern of a form save or an import
                with connection.cursor() as cursor:
                    cursor.execute("SELECT value FROM counter WHERE id = 1")
                    (value,) = cursor.fetchone()
                    time.sleep(0.002)
                    cursor.execute("UPDATE counter SET value = %s WHERE id = 1", [value + 1])
        except Exception as error:
            print(f"{type(error).__name__}: {error}")
            sys.exit(1)
    """
)


def run_writers(path):
    """Run WRITERS processes of ROUNDS transactions each on the SQLite file; return their outputs
    and exit codes, and the counter's final value."""
    with sqlite3.connect(path) as database:
        # As `migrate` leaves a site's database: WAL is a property of the file, set by the first
        # connection. Four processes switching a new file to WAL at the same instant race for
        # the lock that switch needs, which no running site ever does.
        database.execute("PRAGMA journal_mode=WAL")
        database.execute("CREATE TABLE counter (id INTEGER PRIMARY KEY, value INTEGER NOT NULL)")
        database.execute("INSERT INTO counter VALUES (1, 0)")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "relations_site.settings",
        "DATABASE_URL": f"sqlite:///{path}",
        "START_AT": str(time.time() + 3),
        "ROUNDS": str(ROUNDS),
    }
    writers = [
        subprocess.Popen([sys.executable, "-c", WRITER], env=env, cwd=ROOT, stdout=subprocess.PIPE, text=True)
        for _ in range(WRITERS)
    ]
    results = [(writer.communicate(timeout=120)[0], writer.returncode) for writer in writers]
    with sqlite3.connect(path) as database:
        (value,) = database.execute("SELECT value FROM counter").fetchone()
    return results, value


def test_sqlite_file_takes_concurrent_writers_without_database_is_locked(tmp_path):
    results, value = run_writers(tmp_path / "site.sqlite3")
    assert [output for output, code in results if code] == []
    assert value == WRITERS * ROUNDS  # and no update was lost


def test_sqlite_settings_put_a_new_database_file_in_wal_mode(tmp_path):
    path = tmp_path / "new.sqlite3"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "relations_site.settings", "DATABASE_URL": f"sqlite:///{path}"}
    code = "import django; django.setup(); from django.db import connection; connection.ensure_connection()"
    subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT, check=True)
    with sqlite3.connect(path) as database:
        assert database.execute("PRAGMA journal_mode").fetchone() == ("wal",)


def test_sqlite_connections_get_a_page_cache_that_holds_their_indexes(tmp_path):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "relations_site.settings"}
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'cache.sqlite3'}"
    code = (
        "import django; django.setup(); from django.db import connection; "
        "cursor = connection.cursor(); cursor.execute('PRAGMA cache_size'); print(cursor.fetchone()[0])"
    )
    sizes = []
    for extra in ({}, {"SQLITE_CACHE_MIB": "16"}):
        run = subprocess.run(
            [sys.executable, "-c", code], env={**env, **extra}, cwd=ROOT, capture_output=True, text=True
        )
        sizes.append(run.stdout)
    # KiB when negative: 64 MiB (SQLite's own default is 2 MiB), or as the environment says.
    assert [int(size) for size in sizes] == [-64 * 1024, -16 * 1024]


def test_sqlite_deferred_transactions_would_fail_that_load(tmp_path):
    """Why IMMEDIATE: two DEFERRED transactions that read, then write, as the writers above do.

    The second to write fails at once with "database is locked", whatever the busy timeout: its
    snapshot is older than the first one's commit. Played step by step, so it always happens.
    """
    path = tmp_path / "site.sqlite3"
    with sqlite3.connect(path) as database:
        database.execute("PRAGMA journal_mode=WAL")
        database.execute("CREATE TABLE counter (id INTEGER PRIMARY KEY, value INTEGER NOT NULL)")
        database.execute("INSERT INTO counter VALUES (1, 0)")
    first, second = (sqlite3.connect(path, timeout=5, isolation_level=None) for _ in range(2))
    for writer in (first, second):
        writer.execute("BEGIN DEFERRED")
        writer.execute("SELECT value FROM counter WHERE id = 1").fetchone()
    first.execute("UPDATE counter SET value = value + 1 WHERE id = 1")
    first.execute("COMMIT")
    with pytest.raises(sqlite3.OperationalError, match="database is locked"):
        second.execute("UPDATE counter SET value = value + 1 WHERE id = 1")
    first.close()
    second.close()


# --- PostgreSQL: the listings' and the search's indexes ----------------------------------------

EVENTS = 3000


def timeline(query=""):
    """The timeline's queryset for a query string, as EventListView builds it."""
    return EventFilter(QueryDict(query), queryset=selectors.oldest_first(selectors.timeline_events())).qs


@pytest.mark.skipif(connection.vendor != "postgresql", reason="EXPLAIN of PostgreSQL's indexes")
class PostgresIndexTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        periods, topics = list(Period.objects.all()), list(Topic.objects.all())
        article = Article.objects.create(title="Atlantis–Lemuria relations", slug="atlantis", status=Status.PUBLISHED)
        people = Person.objects.bulk_create(
            Person(
                name=f"Person {number}",
                slug=f"person-{number}",
                role="Cosmonaut" if number % 50 == 0 else f"Role {number % 20}",
                country=f"Country {number % 40}",
                status=Status.PUBLISHED,
            )
            for number in range(400)
        )
        Section.objects.bulk_create(
            Section(
                article=article,
                title=f"Section {number}",
                slug=f"section-{number}",
                order=number,
                body=f"The [[treaty]] of {number} on fisheries and {'satellites' if number % 50 == 0 else 'grain'}.",
                status=Status.PUBLISHED,
            )
            for number in range(1000)
        )
        GlossaryEntry.objects.bulk_create(
            GlossaryEntry(
                term=f"Term {number}",
                slug=f"term-{number}",
                definition=f"A word about {'cosmonauts' if number % 50 == 0 else 'trade'}...",
                status=Status.PUBLISHED,
            )
            for number in range(1000)
        )
        events = Event.objects.bulk_create(
            Event(
                title=f"Event {number}",
                slug=f"event-{number}",
                description=f"Talks on {'satellites' if number % 100 == 0 else 'trade'} number {number}.",
                date=date(1850 + number % 170, 1 + number % 12, 1),
                precision=Event.Precision.MONTH,
                period=periods[number % len(periods)],
                status=Status.PUBLISHED if number % 10 else Status.DRAFT,
            )
            for number in range(EVENTS)
        )
        Event.topics.through.objects.bulk_create(
            Event.topics.through(event=event, topic=topics[number % len(topics)]) for number, event in enumerate(events)
        )
        Event.people.through.objects.bulk_create(
            Event.people.through(event=event, person=people[number % len(people)])
            for number, event in enumerate(events)
        )
        with connection.cursor() as cursor:
            # What autovacuum does after a bulk write (VACUUM cannot run in the test's transaction):
            # merge the GIN indexes' pending lists, which the planner costs as a scan of them all.
            for index in ("section", "event", "person", "glossary"):
                cursor.execute("SELECT gin_clean_pending_list(%s::regclass)", [f"{index}_search_vector_idx"])
            for index in ("event", "person", "glossary"):
                cursor.execute("SELECT gin_clean_pending_list(%s::regclass)", [f"{index}_words_trgm_idx"])
            cursor.execute("ANALYZE")

    def plan(self, queryset, *, in_index_order=False):
        """Return the plan of a queryset, sequential scans off: what indexes can serve it.

        With ``in_index_order``, sorting is off too: the rows must come in order from an index.
        """
        switches = ["enable_seqscan"] + (["enable_sort"] if in_index_order else [])
        with connection.cursor() as cursor:
            for switch in switches:
                cursor.execute(f"SET LOCAL {switch} = off")
        try:
            return queryset.explain()
        finally:
            with connection.cursor() as cursor:
                for switch in switches:
                    cursor.execute(f"SET LOCAL {switch} = on")

    def assertUses(self, queryset, *indexes, in_index_order=False):
        """Assert the plan reads no table whole and uses one of ``indexes`` (the planner chooses)."""
        plan = self.plan(queryset, in_index_order=in_index_order)
        self.assertNotIn("Seq Scan", plan, plan)
        self.assertTrue(any(f" {index}" in plan for index in indexes), f"none of {indexes} used:\n{plan}")

    def assertUsesEach(self, queryset, *indexes):
        """Assert the plan reads no table whole and uses every one of ``indexes`` (one per OR'ed column)."""
        plan = self.plan(queryset)
        self.assertNotIn("Seq Scan", plan, plan)
        for index in indexes:
            self.assertIn(f" {index}", plan, plan)

    def test_timeline_in_its_default_order_reads_the_status_date_title_index(self):
        self.assertUses(timeline()[:20], "event_status_date_title_idx")

    def test_timeline_newest_first_reads_its_own_index_in_order(self):
        # A backward scan of an ascending index would put the undated events first.
        self.assertUses(timeline("ordering=newest")[:20], "event_status_newest_idx", in_index_order=True)

    def test_article_listing_and_latest_articles_use_their_indexes(self):
        self.assertUses(
            ArticleFilter(QueryDict(""), queryset=selectors.article_cards()).qs[:20],
            "article_status_title_idx",
            in_index_order=True,
        )
        self.assertUses(selectors.home_page()["articles"], "article_status_created_idx")

    def test_words_filters_can_read_the_trigram_indexes(self):
        """Each words filter can read its pg_trgm index: on the table's words_text column (0012)
        where the filter reads several fields, on the title (0007) for articles.

        The words' condition alone, in no order: with the status or an order too, at this size (a few
        thousand rows, nine in ten published) the planner may rather walk a B-tree and filter, which
        is its choice; on the 1,000x data it reads these (BENCHMARKS.md).
        """
        cases = {
            Event: ("satellites", "event_words_trgm_idx"),
            Person: ("cosmonaut", "person_words_trgm_idx"),
            GlossaryEntry: ("cosmonauts", "glossary_words_trgm_idx"),
            Article: ("lemuria", "article_title_trgm_idx"),
        }
        filters = {Event: EventFilter, Person: PersonFilter, GlossaryEntry: GlossaryFilter, Article: ArticleFilter}
        for model, (word, index) in cases.items():
            with self.subTest(model=model.__name__):
                matching = filters[model](QueryDict(f"q={word}"), queryset=model.objects.order_by()).qs
                self.assertUses(matching, index)
                self.assertEqual('UPPER("' in str(matching.query), model is Article)  # no field upper-cased again

    def test_words_text_columns_are_generated(self):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT table_name, is_generated FROM information_schema.columns WHERE column_name = 'words_text'"
            )
            columns = dict(cursor.fetchall())
        self.assertEqual(
            columns, dict.fromkeys(["articles_event", "articles_person", "articles_glossaryentry"], "ALWAYS")
        )

    def test_timeline_filters_use_their_indexes(self):
        period = Period.objects.order_by("pk").first().slug
        topic = Topic.objects.order_by("pk").first().slug
        cases = {
            f"period={period}": ["event_status_period_date_idx"],
            "year_from=1900&year_to=1950": ["event_status_date_title_idx"],
            # Events from the link table's topic index, or the timeline in order, each looked up there.
            f"topic={topic}": ["articles_event_topics_topic_id", "articles_event_topics_event_id"],
            "person=person-7": ["articles_event_people_person_id"],
            f"period={period}&topic={topic}&year_from=1900&ordering=newest": [
                "articles_event_topics_topic_id",
                "event_status_period_newest_idx",
            ],
        }
        for query, indexes in cases.items():
            with self.subTest(query=query):
                self.assertUses(timeline(query)[:20], *indexes)

    def test_a_period_in_order_from_its_own_index(self):
        # Migration 0011: the period filter (by the periods' ids) and the period page, no sort.
        period = Period.objects.order_by("pk").first()
        self.assertUses(timeline(f"period={period.slug}")[:20], "event_status_period_date_idx", in_index_order=True)
        self.assertIn('"articles_event"."period_id" IN (', str(timeline(f"period={period.slug}").query))
        newest = timeline(f"period={period.slug}&ordering=newest")[:20]
        self.assertUses(newest, "event_status_period_newest_idx", in_index_order=True)
        events = selectors.grouped_events_page(period=period)["events"]
        self.assertUses(events[:20], "event_status_period_date_idx", in_index_order=True)
        self.assertUses(events.reverse()[:20], "event_status_period_date_idx", in_index_order=True)

    def test_combined_facet_counts_read_only_columns_of_the_facets_index(self):
        """Migration 0013: every column the base of selectors.combined_facet_counts reads (a years and
        words filter) is in event_words_facets_idx, so that the vacuumed 1,000x database counts from
        an index-only scan (BENCHMARKS.md). Not EXPLAIN here: in the test's transaction no VACUUM
        marks the rows all-visible, and the planner then rightly costs a heap visit per row."""
        filterset = EventFilter(QueryDict("year_from=1900&year_to=1950&q=trade"), queryset=selectors.timeline_events())
        base = filterset.queryset_without("period", "topic").order_by().values("pk", "period")
        read = set(re.findall(r'"articles_event"\."?(\w+)"?', str(base.query)))
        with connection.cursor() as cursor:
            cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'event_words_facets_idx'")
            [(definition,)] = cursor.fetchall()
        self.assertEqual(read, {"id", "period_id", "status", "date", "words_text"})
        self.assertTrue(all(re.search(rf"\b{column}\b", definition) for column in read), definition)

    def test_facet_counts_use_the_period_and_topic_indexes(self):
        filterset = EventFilter(QueryDict("year_from=1900"), queryset=selectors.timeline_events())
        events = filterset.queryset_without("period")
        # As selectors.period_year_counts reads them: by period and year.
        counts = events.order_by().values_list("period", selectors.DateYear("date")).annotate(count=Count("pk"))
        self.assertUses(counts, "event_date_idx", "event_status_date_title_idx")

    def test_people_and_glossary_listings_use_their_indexes(self):
        people = PersonFilter(QueryDict("country=Country 3&role=Role 3"), queryset=selectors.person_list_queryset()).qs
        self.assertUses(people, "person_country_idx", "person_role_idx")
        glossary = GlossaryFilter(QueryDict(""), queryset=GlossaryEntry.objects.published()).qs
        # All 1,000 entries are read; sorting them may cost less, but the A–Z index can serve them in order.
        self.assertUses(glossary, "glossary_status_term_idx", "glossary_term_idx", in_index_order=True)

    def test_full_text_search_uses_the_gin_indexes_of_the_stored_vectors(self):
        self.assertTrue(search.uses_full_text_search())
        names = {
            "sections": "section_search_vector_idx",
            "events": "event_search_vector_idx",
            "people": "person_search_vector_idx",
            "glossary": "glossary_search_vector_idx",
        }
        for kind in search.KINDS:
            with self.subTest(kind=kind.key):
                query = {"sections": "satellites", "events": "satellites", "people": "cosmonaut"}.get(
                    kind.key, "cosmonauts"
                )
                matching = search.matching(kind, query, search.query_words(query))
                self.assertUses(matching[: search.RESULTS_PER_KIND + 1], names[kind.key])
                # Ranked from the stored column: the text is not turned into a vector again.
                self.assertNotIn("to_tsvector", str(matching.query))

    def test_the_stored_vectors_are_generated_columns(self):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT table_name, is_generated FROM information_schema.columns WHERE column_name = 'search_vector'"
            )
            columns = dict(cursor.fetchall())
        self.assertEqual(
            columns,
            dict.fromkeys(
                ["articles_section", "articles_event", "articles_person", "articles_glossaryentry"], "ALWAYS"
            ),
        )

    def test_an_events_neighbours_start_at_it_in_the_timeline_index(self):
        # Bounded by the event's date in the index: not a walk from one end of the timeline.
        event = Event.objects.published().order_by("date", "title", "pk")[EVENTS // 4]
        for queryset in selectors.neighbour_queries(event):
            plan = self.plan(queryset[:1])
            self.assertIn("event_status_date_title_idx", plan)
            self.assertRegex(plan, r"Index Cond: .*\(date [<>]= ", plan)

    def test_deep_pages_read_the_timeline_index_backwards(self):
        # DeepPagePaginator: the last page is the first of the reversed order.
        self.assertUses(timeline().reverse()[:20], "event_status_date_title_idx", in_index_order=True)


# --- SQLite: the timeline's indexes and the trigram indexes ------------------------------------


@pytest.mark.skipif(connection.vendor != "sqlite", reason="EXPLAIN QUERY PLAN of SQLite's indexes")
class SqliteIndexTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        periods = list(Period.objects.all())
        Event.objects.bulk_create(
            Event(
                title=f"Event {number}",
                slug=f"event-{number}",
                description=f"Talks number {number}.",
                date=None if number % 20 == 0 else date(1850 + number % 170, 1, 1),
                precision="" if number % 20 == 0 else Event.Precision.YEAR,
                period=periods[number % len(periods)],
                status=Status.PUBLISHED if number % 10 else Status.DRAFT,
            )
            for number in range(500)
        )
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    def plan(self, queryset):
        sql, params = queryset.query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
            return " | ".join(str(row[-1]) for row in cursor.fetchall())

    def assertReadsInOrder(self, queryset, index):
        plan = self.plan(queryset)
        self.assertIn(f"INDEX {index}", plan)
        self.assertNotIn("TEMP B-TREE", plan)  # no sort of the matching events

    def test_timeline_pages_in_both_orders_without_a_sort(self):
        self.assertReadsInOrder(timeline()[:20], "event_status_oldest_idx")
        self.assertReadsInOrder(timeline().reverse()[:20], "event_status_oldest_idx")  # a deep page
        self.assertReadsInOrder(timeline("ordering=newest")[:20], "event_status_date_period_idx")
        period = Period.objects.order_by("pk").first()
        self.assertReadsInOrder(timeline(f"period={period.slug}")[:20], "event_status_period_oldest_idx")
        self.assertReadsInOrder(
            selectors.grouped_events_page(period=period)["events"][:20], "event_status_period_oldest_idx"
        )

    def test_an_events_neighbours_start_at_it_in_the_timeline_index(self):
        # Bounded by the event's date (its title when undated): not a walk from one end.
        events = Event.objects.order_by("date", "title", "pk")
        for event, bound in ((events.exclude(date=None)[100], "date"), (events.filter(date=None)[5], "title")):
            for queryset in selectors.neighbour_queries(event):
                with self.subTest(event=event.title, query=str(queryset.query)[-60:]):
                    plan = self.plan(queryset[:1])
                    self.assertReadsInOrder(queryset[:1], "event_status_date_period_idx")
                    self.assertRegex(plan, rf"{bound}[<>]\?", plan)

    def test_a_topic_filter_looks_each_event_up_in_the_link_index_in_date_order(self):
        topics = "&".join(f"topic={topic.slug}" for topic in Topic.objects.order_by("pk")[:2])
        plan = self.plan(timeline(topics)[:20])
        # Not the list of every event of the topics built first (LIST SUBQUERY): a page is found
        # by reading the timeline in order and stopping when it is full.
        self.assertIn("CORRELATED", plan)
        self.assertNotIn("LIST SUBQUERY", plan)
        self.assertIn("articles_event_topics_event_id_topic_id", plan)

    def test_facet_counts_read_the_index_alone(self):
        filterset = EventFilter(QueryDict("year_from=1900&year_to=1950"), queryset=selectors.timeline_events())
        events = filterset.queryset_without("period").order_by()
        # As selectors.period_year_counts reads them: by period and year.
        counts = events.values_list("period", selectors.DateYear("date")).annotate(count=Count("pk"))
        self.assertIn("COVERING INDEX event_status_date_period_idx", self.plan(counts))

    def test_words_filters_and_search_read_the_trigram_indexes(self):
        cases = [
            (timeline("q=talks"), "articles_event_fts"),
            (PersonFilter(QueryDict("q=kim"), queryset=selectors.person_list_queryset()).qs, "articles_person_fts"),
            (
                GlossaryFilter(QueryDict("q=republic"), queryset=GlossaryEntry.objects.all()).qs,
                "articles_glossaryentry_fts",
            ),
            (ArticleFilter(QueryDict("q=relations"), queryset=selectors.article_cards()).qs, "articles_article_fts"),
        ]
        cases += [
            (search.matching(kind, "treaty", ["treaty"]), f"{kind.queryset().model._meta.db_table}_fts")
            for kind in search.KINDS
        ]
        for queryset, table in cases:
            with self.subTest(table=table):
                plan = self.plan(queryset)
                self.assertIn("VIRTUAL TABLE", plan)
                self.assertIn(table, plan)
                self.assertNotIn("LIKE", str(queryset.query))  # every word long enough for the index


class HistoryIndexTests(TestCase):
    """History tables keep the indexes their reads use, and none of those copied from the models."""

    def indexed_columns(self, model):
        with connection.cursor() as cursor:
            constraints = connection.introspection.get_constraints(cursor, model._meta.db_table)
        return {
            tuple(constraint["columns"])
            for constraint in constraints.values()
            if constraint["index"] and not (constraint["unique"] or constraint["primary_key"])
        }

    def test_a_records_history_is_found_by_id_and_date_and_nothing_else(self):
        for model in (Article, Section, GlossaryEntry, Person, Event):
            with self.subTest(model=model.__name__):
                self.assertEqual(
                    self.indexed_columns(model.history.model), {("id",), ("history_date",), ("history_user_id",)}
                )

    def test_the_history_of_links_is_found_by_history_record(self):
        for model, relation in ((Section, "terms"), (Section, "people"), (Event, "topics"), (Event, "people")):
            with self.subTest(model=model.__name__, relation=relation):
                links = HistoricalRecords.m2m_models[model._meta.get_field(relation)]
                self.assertIn(("history_id",), self.indexed_columns(links))
                self.assertNotIn((f"{model._meta.model_name}_id",), self.indexed_columns(links))

"""The words filters and the search find the same rows however they are written, ranked as before.

On SQLite words of three characters or more are looked up in a trigram index (FTS5, migration
0010) that triggers keep current; on PostgreSQL the search ranks from stored vectors, generated
columns (migration 0009). Every way a row is written is tried: a model save, bulk_create, a raw
INSERT (as the importer writes), update() and delete. (test_databases shows the indexes are used.)
"""

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Q
from django.test import TestCase

from articles.models import Article, Event, GlossaryEntry, Person, Section, Status
from articles.public import search
from tests.factories import make_article, make_event, make_person, make_section


class WordsIndexTests(TestCase):
    """Every way a row is written keeps the words filters and the search current (on SQLite through
    the trigram index's triggers; on PostgreSQL the generated vector columns)."""

    def words(self, model, fields, text):
        return set(model.objects.filter(search.matches_all_words(model, fields, search.query_words(text))))

    def test_saves_bulk_creates_raw_inserts_updates_and_deletes(self):
        fields = ("title", "description", "date_text")
        saved = make_event(title="Fisheries accord", slug="fisheries-accord")
        [bulk] = Event.objects.bulk_create([Event(title="Whaling talks", slug="whaling", status=Status.PUBLISHED)])
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO articles_event (status, imported, version, created_at, updated_at, title, slug, "
                "description, precision, date_text, import_key, needs_review, review_reason) VALUES "
                "(%s, '{}', 1, %s, %s, %s, %s, %s, '', '', '', false, '')",
                ["published", "2020-01-01", "2020-01-01", "Raw row", "raw-row", "Signed a krill protocol"],
            )
        raw = Event.objects.get(slug="raw-row")
        self.assertEqual(self.words(Event, fields, "fisheries"), {saved})
        self.assertEqual(self.words(Event, fields, "WHALING"), {bulk})
        self.assertEqual(self.words(Event, fields, "krill protocol"), {raw})

        saved.title = "Sealing accord"
        saved.save()
        Event.objects.filter(pk=bulk.pk).update(description="now about krill")
        self.assertEqual(self.words(Event, fields, "fisheries"), set())
        self.assertEqual(self.words(Event, fields, "sealing"), {saved})
        self.assertEqual(self.words(Event, fields, "krill"), {bulk, raw})
        raw.delete()
        self.assertEqual(self.words(Event, fields, "krill"), {bulk})

    def test_every_word_in_any_searched_field_any_case_and_short_words(self):
        fields = ("title", "description", "date_text")
        a = make_event(title="Naval talks", description="On the 38th parallel", date_text="June 1953")
        b = make_event(title="Naval parade", description="In Seoul")
        self.assertEqual(self.words(Event, fields, "naval"), {a, b})
        self.assertEqual(self.words(Event, fields, "NAVAL june"), {a})
        self.assertEqual(self.words(Event, fields, "val"), {a, b})  # inside a word, as icontains
        self.assertEqual(self.words(Event, fields, "naval 38"), {a})  # 38: too short for a trigram
        self.assertEqual(self.words(Event, fields, "talks seoul"), set())  # every word must match
        self.assertEqual(self.words(Event, ("title",), "seoul"), set())  # only the fields asked

    def test_a_word_never_matches_across_two_fields(self):
        # PostgreSQL compares the words with the fields joined (words_text); SQLite's trigram
        # index holds each field apart. Either way "fishing" is in neither field here.
        make_event(title="Talks on fish", description="ing quotas", date_text="")
        fields = ("title", "description", "date_text")
        self.assertEqual(self.words(Event, fields, "fishing"), set())
        self.assertEqual(self.words(Event, fields, "fish_ing"), set())  # _ is a word character, not a wildcard
        self.assertEqual(len(self.words(Event, fields, "fish quotas")), 1)

    def test_other_models_and_their_json_aliases(self):
        person = make_person(name="Park Chung-hee", slug="park", aliases=["Park"], role="General")
        self.assertEqual(self.words(Person, ("name", "aliases"), "chung-hee"), {person})
        self.assertEqual(self.words(Person, ("name", "aliases"), "general"), set())
        entry = GlossaryEntry.objects.create(
            term="Sunshine Policy",
            slug="sunshine",
            definition="Engagement.",
            aliases=["the sunshine"],
            status=Status.PUBLISHED,
        )
        GlossaryEntry.objects.filter(pk=entry.pk).update(definition="Engagement with the North.")
        self.assertEqual(self.words(GlossaryEntry, ("term", "aliases", "definition"), "north sunshine"), {entry})
        article = make_article(title="Chile–Korea relations", slug="chile-korea")
        self.assertEqual(self.words(Article, ("title",), "chile"), {article})
        section = make_section(article, title="Trade", slug="trade", body="Copper and [[wine]].")
        self.assertEqual(self.words(Section, ("title", "body"), "copper trade"), {section})


class SearchRankingTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        article = make_article(title="Chile–Korea relations", slug="chile-korea")
        for number in range(12):
            make_section(
                article,
                title=f"Part {number}",
                slug=f"part-{number}",
                body=" ".join(["The treaty on copper."] * (number % 4) + ["Other matters."] * (1 + number % 3)),
            )
        Event.objects.bulk_create(
            Event(
                title=f"Treaty {'signed' if n % 2 else 'talks'} {n}",
                slug=f"treaty-{n}",
                description="treaty " * (n % 3),
                status=Status.PUBLISHED,
            )
            for n in range(14)
        )

    def test_hits_best_first_and_the_same_as_ranking_from_the_text(self):
        for kind in search.KINDS:
            with self.subTest(kind=kind.key):
                found = list(search.matching(kind, "treaty", ["treaty"]))
                if connection.vendor != "postgresql":
                    # Every word in a field, in the model's order: what the SQLite search always was.
                    queryset = kind.queryset()
                    condition = Q()
                    for field in kind.fields:
                        condition |= Q(**{f"{field}__icontains": "treaty"})
                    self.assertEqual(found, list(queryset.filter(condition)))
                    continue
                # Ranked from the vector computed again from the text, as before the stored column.
                vector = SearchVector(*kind.fields, config=search.CONFIG)
                query = SearchQuery("treaty", search_type="websearch", config=search.CONFIG)
                queryset = kind.queryset()
                expected = list(
                    queryset.annotate(v=vector, rank=SearchRank(vector, query))
                    .filter(v=query)
                    .order_by("-rank", *queryset.model._meta.ordering)
                )
                self.assertEqual(found, expected)
                ranks = [hit.rank for hit in found]
                self.assertEqual(ranks, sorted(ranks, reverse=True))
        self.assertEqual(len(list(search.matching(search.KINDS[1], "treaty", ["treaty"]))), 14)

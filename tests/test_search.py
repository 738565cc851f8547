"""Search: query words, highlighting, snippets, and results grouped by kind (SQLite and PostgreSQL)."""

from datetime import date

from django.test import SimpleTestCase, TestCase
from factories import make_event
from test_views_helpers import build_site

from articles.public import search


class QueryWordsTests(SimpleTestCase):
    def test_words_distinct_and_bounded(self):
        self.assertEqual(search.query_words("  Roh's  visit, visit!  "), ["Roh's", "visit"])
        self.assertEqual(len(search.query_words(" ".join(f"w{n}" for n in range(50)))), search.MAX_WORDS)
        self.assertEqual(search.query_words("   ...  "), [])


class HighlightTests(SimpleTestCase):
    def test_escape_then_mark_every_whole_word_in_any_case(self):
        self.assertEqual(
            search.highlight("Korea & <Korean> korea", ["korea"]),
            "<mark>Korea</mark> &amp; &lt;Korean&gt; <mark>korea</mark>",
        )

    def test_a_short_word_marks_only_itself_not_every_letter(self):
        self.assertEqual(search.highlight("A visit as a guest", ["a"]), "<mark>A</mark> visit as <mark>a</mark> guest")

    def test_inflections_of_a_word_are_marked_whole(self):
        self.assertEqual(
            search.highlight("Visits, visited; revisit", ["visit"]),
            "<mark>Visits</mark>, <mark>visited</mark>; revisit",
        )

    def test_longer_words_win_and_markup_in_words_is_escaped(self):
        self.assertEqual(search.highlight("Korean war", ["Korea", "Korean"]), "<mark>Korean</mark> war")
        self.assertEqual(search.highlight("a <b> c", ["<b>"]), "a <mark>&lt;b&gt;</mark> c")

    def test_entity_text_is_never_matched_inside_an_escape(self):
        # "amp" must not be found in the "&amp;" that escaping "&" produces.
        self.assertEqual(search.highlight("R&D", ["amp"]), "R&amp;D")

    def test_no_words(self):
        self.assertEqual(search.highlight("<i>", []), "&lt;i&gt;")


class SnippetTests(SimpleTestCase):
    def test_short_text_is_whole(self):
        self.assertEqual(search.snippet("one\ntwo", ["two"]), "one two")

    def test_long_text_is_cut_around_the_first_match_at_spaces(self):
        text = " ".join(["filler"] * 100 + ["needle"] + ["tail"] * 100)
        result = search.snippet(text, ["needle"], length=80)
        self.assertIn("needle", result)
        self.assertTrue(result.startswith("…filler") and result.endswith("…"))
        self.assertLessEqual(len(result), 82)


class SearchTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.site = build_site()

    def groups(self, query):
        return {
            group.kind.key: [str(hit.object) for hit in group.hits]
            for group in search.search(query).groups
            if group.hits
        }

    def test_each_kind_is_searched(self):
        self.assertEqual(
            self.groups("cosmonaut"),
            {
                "sections": ["Atlantis–Lemuria relations 1: Space"],
                "events": ["Cosmonaut flew 1"],
                "people": ["John Roe 1"],
            },
        )
        self.assertEqual(self.groups("continent"), {"glossary": ["Lemuria 1"]})

    def test_every_word_must_match(self):
        self.assertEqual(self.groups("treaty talks")["events"], ["Coral Treaty talks 1"])
        self.assertEqual(self.groups("treaty nothingsuch"), {})

    def test_drafts_are_never_found(self):
        self.assertEqual(self.groups("unpublished"), {})
        self.assertEqual(self.groups("never shown"), {})

    def test_empty_query_searches_nothing(self):
        self.assertEqual(search.search("   ").groups, [])

    def test_a_misspelt_word_finds_and_suggests_the_known_spelling(self):
        results = search.search("cosmonot")
        self.assertEqual(results.suggestion, "Cosmonaut")
        self.assertEqual(self.groups("cosmonot")["events"], ["Cosmonaut flew 1"])
        self.assertEqual(results.count_label, "3 results")  # the section, the event and the person

    def test_a_query_that_matches_suggests_nothing(self):
        self.assertEqual(search.search("cosmonaut").suggestion, "")

    def test_an_unknown_word_with_no_near_spelling_finds_nothing(self):
        results = search.search("xylophone")
        self.assertEqual((results.suggestion, results.total), ("", 0))

    def test_relevance_puts_a_title_match_first_and_date_order_is_an_option(self):
        make_event(slug="early", title="Early visit", date=date(1900, 1, 1), description="A cosmonaut talked.")
        by_relevance = [str(hit.object) for hit in search.search("cosmonaut").groups[1].hits]
        by_date = [str(hit.object) for hit in search.search("cosmonaut", order=search.DATE).groups[1].hits]
        self.assertEqual(by_relevance, ["Cosmonaut flew 1", "Early visit"])
        self.assertEqual(by_date, ["Early visit", "Cosmonaut flew 1"])

    def test_results_are_limited_per_kind(self):
        results = search.search("relations", limit=0)
        self.assertTrue(all(not group.hits for group in results.groups))
        self.assertTrue(any(group.has_more for group in results.groups))

"""The export_article command, the JSON format, and restoring an export with import_article."""

import json
import tempfile
from datetime import date
from io import StringIO
from pathlib import Path

from django.conf import settings
from django.core.management import CommandError, call_command
from django.test import TestCase

from articles.models import Article, Event, GlossaryEntry, Period, Person, Section, Topic
from articles.services import article_import
from tests.factories import database_content, make_event, make_glossary_entry, parsed_article
from tests.test_import_command import report_rows

SEED = Path(settings.BASE_DIR) / "articles" / "sources" / "russia-south-korea-relations.txt"
SLUG = "atlantis-lemuria-relations"


def export(*args):
    stdout = StringIO()
    call_command("export_article", *args, stdout=stdout)
    return stdout.getvalue()


def empty_the_database():
    """Delete every article and what it links to; periods and topics stay, as after migrate."""
    for model in (Event, Section, Article, Person, GlossaryEntry):
        model.objects.all().delete()


class ExportTestCase(TestCase):
    def setUp(self):
        super().setUp()
        directory = tempfile.TemporaryDirectory()
        self.addCleanup(directory.cleanup)
        self.directory = Path(directory.name)

    def restore(self, text, name="export.json"):
        path = self.directory / name
        path.write_text(text, encoding="utf-8")
        stdout = StringIO()
        call_command("import_article", str(path), stdout=stdout)
        return stdout.getvalue()


class DocumentTests(ExportTestCase):
    @classmethod
    def setUpTestData(cls):
        article_import(parsed=parsed_article(), source_name="atlantis.txt")
        make_glossary_entry(slug="unrelated")  # linked from no section or person of the article
        cls.document = json.loads(export(SLUG))

    def test_top_level_keys(self):
        self.assertEqual(
            list(self.document),
            ["format", "article", "periods", "topics", "sections", "glossary", "people", "events"],
        )
        self.assertEqual(self.document["format"], "relations-article/1")
        self.assertEqual(
            self.document["article"],
            {
                "title": "Atlantis–Lemuria relations",
                "slug": SLUG,
                "source": "atlantis.txt",
                "source_title": "Atlantis–Lemuria relations",
                "status": "published",
            },
        )

    def test_sections_in_order_with_their_links(self):
        sections = self.document["sections"]
        self.assertEqual([section["slug"] for section in sections], ["lead", "history"])
        self.assertEqual(
            sections[1],
            {
                "slug": "history",
                "title": "History",
                "order": 1,
                "body": Section.objects.get(slug="history").body,
                "terms": ["coral-treaty", "jane-doe"],
                "people": ["jane-doe", "john-roe"],
                "status": "published",
            },
        )

    def test_glossary_holds_the_entries_the_article_links(self):
        self.assertEqual(
            [entry["slug"] for entry in self.document["glossary"]], ["atlantis", "coral-treaty", "jane-doe", "lemuria"]
        )
        self.assertEqual(
            self.document["glossary"][3],
            {
                "slug": "lemuria",
                "term": "Lemuria",
                "definition": "Lemuria is a sunken continent...",
                "source_definition": "",
                "aliases": ["Lemuria", "the Lemurian"],
                "needs_review": False,
                "review_reason": "",
                "status": "published",
            },
        )

    def test_people_name_their_glossary_entry(self):
        self.assertEqual(
            self.document["people"][0],
            {
                "slug": "jane-doe",
                "name": "Jane Doe",
                "aliases": ["Doe"],
                "role": "President",
                "country": "Atlantis",
                "glossary": "jane-doe",
                "needs_review": False,
                "review_reason": "",
                "status": "published",
            },
        )

    def test_periods_and_topics_are_the_ones_the_events_use(self):
        self.assertEqual(
            [period["slug"] for period in self.document["periods"]], ["imperial-era", "cold-war", "rapprochement"]
        )
        self.assertEqual(
            self.document["periods"][0],
            {"slug": "imperial-era", "name": "Imperial era", "start_year": None, "end_year": 1910, "description": ""},
        )
        self.assertEqual([topic["slug"] for topic in self.document["topics"]], ["diplomacy", "economy", "space"])
        self.assertEqual(set(self.document["topics"][0]), {"slug", "name", "keywords", "description"})

    def test_events_are_in_date_order_with_dates_at_their_precision(self):
        dates = [(e["key"], e["date"], e["end_date"], e["precision"]) for e in self.document["events"]]
        self.assertEqual(
            dates,
            [
                ("lead-1", "1800s", None, "century"),
                ("lead-2", "1980s", None, "decade"),
                ("history-1", "1986-07", None, "month"),
                ("history-2", "1989-06-02", "1989-06-10", "day"),
                ("history-3", None, None, ""),
            ],
        )
        self.assertEqual(
            self.document["events"][2],
            {
                "slug": "trade-agreement-signed",
                "key": "history-1",
                "title": "Trade agreement signed",
                "description": "In July 1986 Jane Doe signed a trade agreement.",
                "date": "1986-07",
                "end_date": None,
                "precision": "month",
                "date_text": "July 1986",
                "section": "history",
                "period": "rapprochement",
                "topics": ["diplomacy", "economy"],
                "people": ["jane-doe"],
                "needs_review": False,
                "review_reason": "",
                "status": "published",
            },
        )

    def test_output_is_stable_indented_unicode(self):
        text = export(SLUG)
        self.assertEqual(text, export(SLUG))
        self.assertIn("Atlantis–Lemuria", text)
        self.assertTrue(text.startswith('{\n  "format": "relations-article/1",\n'))
        self.assertTrue(text.endswith("}\n"))

    def test_output_file(self):
        path = self.directory / "out.json"
        stdout = StringIO()
        call_command("export_article", SLUG, "-o", str(path), stdout=stdout)
        self.assertEqual(path.read_text(encoding="utf-8"), export(SLUG))
        self.assertIn(f"Wrote {path}", stdout.getvalue())

    def test_unknown_slug_or_no_slug_is_an_error(self):
        with self.assertRaisesMessage(CommandError, "no article with the slug 'nowhere'"):
            export("nowhere")
        with self.assertRaisesMessage(CommandError, "give an article's slug or --all"):
            export()
        with self.assertRaisesMessage(CommandError, "give an article's slug or --all"):
            export(SLUG, "--all")


class RoundTripTests(ExportTestCase):
    def assertRoundTrip(self, *args):
        """Export, empty the database, restore the export, export again: the same bytes."""
        first = export(*args)
        empty_the_database()
        self.restore(first)
        self.assertEqual(export(*args), first)
        return first

    def test_hand_made_article_round_trips(self):
        article_import(parsed=parsed_article(), source_name="atlantis.txt")
        Section.objects.filter(slug="lead").update(status="draft")
        self.assertRoundTrip(SLUG)
        self.assertEqual(Section.objects.get(slug="lead").status, "draft")

    def test_seed_article_round_trips(self):
        call_command("import_article", str(SEED), verbosity=0)
        first = self.assertRoundTrip("russia-south-korea-relations")
        self.assertGreater(len(json.loads(first)["events"]), 0)

    def test_edited_periods_and_topics_travel_with_the_export(self):
        article_import(parsed=parsed_article(), source_name="atlantis.txt")
        Period.objects.filter(slug="cold-war").update(name="The Cold War", description="Long.")
        Topic.objects.filter(slug="space").update(keywords="space, orbit")
        first = export(SLUG)
        empty_the_database()
        Period.objects.filter(slug="cold-war").update(name="Cold War", description="")
        Topic.objects.filter(slug="space").update(keywords="space")
        self.restore(first)
        self.assertEqual(Period.objects.get(slug="cold-war").name, "The Cold War")
        self.assertEqual(Topic.objects.get(slug="space").keywords, "space, orbit")
        self.assertEqual(export(SLUG), first)

    def test_an_event_an_editor_added_round_trips_by_its_slug(self):
        article_import(parsed=parsed_article(), source_name="atlantis.txt")
        make_event(slug="added-by-hand", section=Section.objects.get(slug="history"), date=date(1990, 5, 1))
        first = self.assertRoundTrip(SLUG)
        self.assertIn('"key": ""', first)
        output = self.restore(first)
        self.assertEqual(report_rows(output)["Event"], (0, 0, 6, 0))
        self.assertEqual(Event.objects.filter(slug="added-by-hand").count(), 1)

    def test_all_articles_round_trip(self):
        article_import(parsed=parsed_article(), source_name="atlantis.txt")
        call_command("import_article", str(SEED), verbosity=0)
        first = self.assertRoundTrip("--all")
        document = json.loads(first)
        self.assertEqual(document["format"], "relations-articles/1")
        self.assertEqual(
            [item["article"]["slug"] for item in document["articles"]], [SLUG, "russia-south-korea-relations"]
        )


class RestoreTests(ExportTestCase):
    @classmethod
    def setUpTestData(cls):
        article_import(parsed=parsed_article(), source_name="atlantis.txt")

    def test_restoring_the_same_export_changes_nothing(self):
        text = export(SLUG)
        before = database_content()
        output = self.restore(text)
        self.assertEqual(database_content(), before)
        self.assertEqual(report_rows(output)["Event"], (0, 0, 5, 0))
        self.assertEqual(report_rows(output)["Period"], (0, 0, 3, 0))

    def test_restore_keeps_what_editors_changed_since(self):
        document = json.loads(export(SLUG))
        document["people"][0]["role"] = "Chancellor"
        document["events"][2]["title"] = "A new title"
        Person.objects.filter(slug="jane-doe").update(role="Queen")
        output = self.restore(json.dumps(document))
        self.assertEqual(Person.objects.get(slug="jane-doe").role, "Queen")
        self.assertEqual(Event.objects.get(import_key="history-1").title, "A new title")
        self.assertIn("Person jane-doe: role", output)

    def test_dry_run_restores_nothing(self):
        text = export(SLUG)
        empty_the_database()
        path = self.directory / "export.json"
        path.write_text(text, encoding="utf-8")
        stdout = StringIO()
        call_command("import_article", str(path), dry_run=True, stdout=stdout)
        self.assertFalse(Article.objects.exists())
        self.assertIn("Dry run", stdout.getvalue())

    def assertRejected(self, document, message):
        before = database_content()
        with self.assertRaises(CommandError) as caught:
            self.restore(json.dumps(document))
        self.assertIn(message, str(caught.exception))
        self.assertNotIn("\n", str(caught.exception))
        self.assertEqual(database_content(), before)

    def test_malformed_documents_are_rejected_in_one_line(self):
        document = json.loads(export(SLUG))
        del document["article"]["title"]
        self.assertRejected(document, "article: 'title' is missing")

        document = json.loads(export(SLUG))
        document["events"][1]["date"] = "the eighties"
        self.assertRejected(document, "events[1]: 'date' 'the eighties' is not a date")

        document = json.loads(export(SLUG))
        document["sections"][0]["order"] = "first"
        self.assertRejected(document, "sections[0]: 'order' must be a whole number")

        document = json.loads(export(SLUG))
        document["events"][0]["people"] = ["nobody"]
        self.assertRejected(document, "unknown people 'nobody'")

        self.assertRejected({"format": "relations-articles/1", "articles": [{"format": "x"}]}, "articles[0] is not")
        self.assertRejected({"format": "relations-article/2"}, "unknown export format 'relations-article/2'")

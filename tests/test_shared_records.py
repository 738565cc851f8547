"""Articles that share people and glossary terms: importing one never undoes another."""

from pathlib import Path

from django.test import TestCase

from articles.importing.parser import parse_article
from articles.models import GlossaryEntry, Person
from articles.services import article_import

DATA = Path(__file__).resolve().parent / "data"


def import_file(name):
    return article_import(parsed=parse_article((DATA / name).read_text(encoding="utf-8")), source_name=name)


class SharedRecordTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        import_file("france-japan-relations.txt")
        import_file("germany-japan-relations.txt")

    def test_a_second_article_adds_to_shared_records_without_blanking_them(self):
        chirac = Person.objects.get(slug="jacques-chirac")
        self.assertEqual((chirac.role, chirac.country), ("President", "France"))
        japan = GlossaryEntry.objects.get(slug="japan")
        self.assertEqual(japan.aliases, ["Japan", "Japanese", "Nippon"])
        self.assertEqual(japan.sections.count(), 3)

    def test_reimporting_either_article_changes_nothing(self):
        for name in ["france-japan-relations.txt", "germany-japan-relations.txt"]:
            with self.subTest(name=name):
                report = import_file(name)
                self.assertFalse(report.changed, report.updated)
                self.assertEqual(report.kept, [])

    def test_a_record_only_one_article_names_follows_its_source(self):
        text = (DATA / "germany-japan-relations.txt").read_text(encoding="utf-8")
        changed = text.replace("Germany is a country in Central Europe...", "Germany is a federal republic...")
        report = article_import(parsed=parse_article(changed), source_name="germany")
        self.assertEqual(GlossaryEntry.objects.get(slug="germany").definition, "Germany is a federal republic...")
        self.assertTrue(report.changed)

"""`export_article --with-drafts`: working copies, schedules and review state travel with the export."""

import json
import tempfile
from datetime import timedelta
from io import StringIO
from pathlib import Path

from django.core.management import call_command
from django.test import TestCase
from django.utils import timezone
from editorial_support import make_editor  # tests/ is on sys.path
from factories import parsed_article

from articles.editorial import drafts
from articles.models import Article, Expiry, GlossaryEntry, Section, WorkingCopy
from articles.services import article_import


def export(*args):
    out = StringIO()
    call_command("export_article", *args, stdout=out)
    return out.getvalue()


class DraftExportTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        article_import(parsed=parsed_article(), source_name="atlantis.txt")
        cls.article = Article.objects.get()
        cls.author = make_editor("ada", reviewer=False)
        cls.reviewer = make_editor("rita")
        section = Section.objects.get(slug="history")
        term = GlossaryEntry.objects.order_by("slug").first()
        copy_ = drafts.save_draft(section, {"body": "A drafted body.", "terms": [term.pk]}, cls.author)
        drafts.reject(copy_, section, cls.reviewer, "Cite a source.")
        WorkingCopy.objects.filter(pk=copy_.pk).update(go_live_at=timezone.now() + timedelta(days=1))
        drafts.save_draft(cls.article, {"title": "A drafted title"}, cls.author, state=WorkingCopy.State.IN_REVIEW)
        drafts.set_expiry(term, timezone.now() + timedelta(days=30), cls.reviewer)

    def test_the_default_export_is_live_content_only(self):
        document = json.loads(export(self.article.slug))
        self.assertNotIn("working_copies", document)
        self.assertNotIn("drafted", export(self.article.slug))

    def test_with_drafts_the_export_holds_working_copies_schedules_and_review_state(self):
        document = json.loads(export(self.article.slug, "--with-drafts"))
        by_part = {entry["part"]: entry for entry in document["working_copies"]}
        section = by_part["sections"]
        self.assertEqual(
            (section["slug"], section["state"], section["review_comment"]), ("history", "rejected", "Cite a source.")
        )
        self.assertEqual(section["data"]["terms"], [GlossaryEntry.objects.order_by("slug").first().slug])
        self.assertEqual((section["author"], section["reviewer"]), ("ada", "rita"))
        self.assertIsNotNone(section["go_live_at"])
        self.assertEqual(by_part["article"]["state"], "in_review")
        self.assertEqual([entry["part"] for entry in document["expiries"]], ["glossary"])

    def test_a_backup_with_drafts_restores_them(self):
        with tempfile.TemporaryDirectory() as folder:
            backup = Path(folder) / "backup.zip"
            call_command("export_article", "--all", "--with-drafts", "-o", str(backup), verbosity=0)
            before = export("--all", "--with-drafts")
            WorkingCopy.objects.all().delete()
            Expiry.objects.all().delete()
            call_command("import_article", str(backup), verbosity=0)
        self.assertEqual(export("--all", "--with-drafts"), before)
        section = Section.objects.get(slug="history")
        copy_ = drafts.working_copy(section)
        self.assertEqual((copy_.data["body"], copy_.author, copy_.state), ("A drafted body.", self.author, "rejected"))
        self.assertNotEqual(section.body, "A drafted body.")  # the live text is untouched

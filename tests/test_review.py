"""Review flags: what the importer is unsure of is flagged with a reason, listed and counted in the
admin, and cleared by an editor's save; a re-import keeps what the editor decided."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import TestCase
from django.urls import reverse
from editorial_support import form_data  # tests/ is on sys.path

from articles.importing.parser import parse_article
from articles.models import Event, GlossaryEntry, Person
from articles.services import article_import

SEED = settings.BASE_DIR / "articles" / "sources" / "russia-south-korea-relations.txt"


def import_seed():
    return article_import(parsed=parse_article(SEED.read_text(encoding="utf-8")), source_name=SEED.name)


class ImportFlagsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        import_seed()

    def test_a_repaired_definition_is_flagged_and_keeps_its_source(self):
        entry = GlossaryEntry.objects.get(slug="russia")
        self.assertTrue(entry.needs_review)
        self.assertEqual(entry.review_reason, "definition repaired")
        self.assertTrue(entry.definition.startswith("Russia, officially known as both Russia"))
        self.assertTrue(entry.source_definition.startswith("Russia or , officially known"))

    def test_a_definition_as_captured_is_not_flagged(self):
        entry = GlossaryEntry.objects.get(slug="japan")
        self.assertEqual((entry.needs_review, entry.review_reason, entry.source_definition), (False, "", ""))

    def test_a_disambiguation_page_used_as_a_definition_is_flagged(self):
        self.assertEqual(GlossaryEntry.objects.get(slug="china").review_reason, "a list of pages, not a definition")

    def test_a_person_without_role_or_country_is_flagged(self):
        self.assertTrue(Person.objects.get(slug="kim-young-sam").needs_review)
        self.assertFalse(Person.objects.get(slug="vladimir-putin").needs_review)

    def test_guessed_dates_and_titles_are_flagged(self):
        flagged = Event.objects.filter(needs_review=True)
        self.assertTrue(flagged.filter(date_text="1910-1945", date__year=1945).exists())
        self.assertTrue(flagged.filter(date_text="July 1986").exists())  # told apart from August 1988's
        self.assertFalse(Event.objects.get(date_text="February 2001").needs_review)


class AdminReviewTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        import_seed()
        cls.editor = get_user_model().objects.create_superuser("editor", "editor@example.com", "unused-password")

    def setUp(self):
        self.client.force_login(self.editor)

    def test_the_changelist_filters_what_needs_review(self):
        url = reverse("admin:articles_glossaryentry_changelist")
        response = self.client.get(url, {"needs_review": "yes"})
        shown = {entry.slug for entry in response.context["cl"].result_list}
        self.assertEqual(shown, set(GlossaryEntry.objects.filter(needs_review=True).values_list("slug", flat=True)))
        self.assertIn("russia", shown)
        self.assertNotIn("japan", shown)
        self.assertContains(self.client.get(url), "needs review")

    def test_the_home_page_counts_what_needs_review(self):
        response = self.client.get(reverse("admin:index"))
        count = GlossaryEntry.objects.filter(needs_review=True).count()
        self.assertContains(response, 'id="needs-review"')
        url = reverse("admin:articles_glossaryentry_changelist") + "?needs_review=yes"
        self.assertContains(response, f'<a href="{url}">{count} glossary entries</a>', html=True)

    def test_the_change_form_says_why_and_saving_clears_the_flag(self):
        entry = GlossaryEntry.objects.get(slug="russia")
        url = reverse("admin:articles_glossaryentry_change", args=[entry.pk])
        response = self.client.get(url)
        self.assertContains(response, "definition repaired")
        self.assertRedirects(
            self.client.post(url, form_data(response)), reverse("admin:articles_glossaryentry_changelist")
        )
        entry.refresh_from_db()
        self.assertEqual((entry.needs_review, entry.review_reason), (False, ""))

    def test_a_reimport_keeps_the_editors_title_and_the_cleared_flag(self):
        event = Event.objects.get(date_text="July 1986")
        url = reverse("admin:articles_event_change", args=[event.pk])
        data = form_data(self.client.get(url))
        data["title"] = "Gorbachev's Vladivostok speech"
        self.assertEqual(self.client.post(url, data).status_code, 302)
        report = import_seed()
        event.refresh_from_db()
        self.assertEqual((event.title, event.needs_review), ("Gorbachev's Vladivostok speech", False))
        kept = {ref.field for ref in report.kept if ref.slug == event.slug}
        self.assertEqual(kept, {"title", "needs_review", "review_reason"})

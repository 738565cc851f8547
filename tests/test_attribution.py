"""Attribution: an article records its source and licence, and every page, feed and export that
carries its text says where the text comes from."""

import datetime
import json
from io import StringIO

from django.conf import settings
from django.core.management import CommandError, call_command
from django.test import SimpleTestCase, TestCase
from django.urls import reverse
from django.utils.html import escape

from articles.attribution import attribution_text, licence_url
from articles.models import Article, Event
from articles.public.feeds import FEED_LENGTH
from articles.services.json_export import article_document, dumps

SEED = settings.BASE_DIR / "articles" / "sources" / "russia-south-korea-relations.txt"
SOURCE_URL = "https://encyclopedia.example.org/wiki/Russia%E2%80%93South_Korea_relations"
OPTIONS = {"source_url": SOURCE_URL, "licence": "CC BY-SA 3.0", "retrieved": "2026-11-27"}


class LicenceTests(SimpleTestCase):
    def test_creative_commons_licences_link_to_their_deed(self):
        self.assertEqual(licence_url("CC BY-SA 3.0"), "https://creativecommons.org/licenses/by-sa/3.0/")
        self.assertEqual(licence_url("cc-by-4.0"), "https://creativecommons.org/licenses/by/4.0/")
        self.assertEqual(licence_url("Public domain"), "")


class ImportOptionTests(TestCase):
    def test_the_options_are_recorded_with_the_capture_title(self):
        call_command("import_article", str(SEED), verbosity=0, **OPTIONS)
        article = Article.objects.get()
        self.assertEqual(
            (article.source_title, article.source_url, article.licence, article.retrieved),
            ("Russia–South Korea relations", SOURCE_URL, "CC BY-SA 3.0", datetime.date(2026, 11, 27)),
        )
        # Imported again without the options: what was recorded stays.
        call_command("import_article", str(SEED), verbosity=0)
        self.assertEqual(Article.objects.get().source_url, SOURCE_URL)

    def test_bad_options_are_refused_in_one_line_and_change_nothing(self):
        for options, message in (
            ({"source_url": "not a url"}, "--source-url"),
            ({"retrieved": "27/11/2026"}, "--retrieved"),
        ):
            with self.subTest(options), self.assertRaisesMessage(CommandError, message) as raised:
                call_command("import_article", str(SEED), verbosity=0, stdout=StringIO(), **options)
            self.assertNotIn("\n", str(raised.exception))
        self.assertFalse(Article.objects.exists())


class AttributionShownTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("import_article", str(SEED), verbosity=0, **OPTIONS)
        cls.article = Article.objects.get()

    def test_the_article_page_credits_the_source_and_links_the_licence(self):
        response = self.client.get(self.article.get_absolute_url())
        self.assertContains(
            response, f'<a href="{SOURCE_URL}" rel="external">Russia–South Korea relations</a>', html=True
        )
        self.assertContains(
            response,
            '<a href="https://creativecommons.org/licenses/by-sa/3.0/" rel="license">CC BY-SA 3.0</a>',
            html=True,
        )
        self.assertContains(response, '<time datetime="2026-11-27">27 November 2026</time>', html=True)

    def test_the_structured_data_names_the_work_it_is_based_on_and_its_licence(self):
        response = self.client.get(self.article.get_absolute_url())
        html = response.content.decode()
        start = html.index('<script type="application/ld+json">') + len('<script type="application/ld+json">')
        data = json.loads(html[start : html.index("</script>", start)])
        self.assertEqual(data["isBasedOn"]["url"], SOURCE_URL)
        self.assertEqual(data["license"], "https://creativecommons.org/licenses/by-sa/3.0/")

    def test_each_feed_entry_carries_its_articles_rights(self):
        response = self.client.get(reverse("articles:event-feed"))
        rights = f"<rights>{escape(attribution_text(self.article))}</rights>"
        self.assertContains(response, rights, count=min(Event.objects.count(), FEED_LENGTH))
        self.assertIn(SOURCE_URL, attribution_text(self.article))

    def test_the_export_carries_the_attribution_and_reads_it_back(self):
        document = article_document(self.article)
        self.assertEqual(
            {key: document["article"][key] for key in ("source_title", "source_url", "retrieved", "licence")},
            {
                "source_title": "Russia–South Korea relations",
                "source_url": SOURCE_URL,
                "retrieved": "2026-11-27",
                "licence": "CC BY-SA 3.0",
            },
        )
        exported = dumps(document)
        # Restored into a database without the article.
        Event.objects.all().delete()
        Article.objects.all().delete()
        path = settings.BASE_DIR / ".cache" / "attribution-test.json"
        path.parent.mkdir(exist_ok=True)
        path.write_text(exported, encoding="utf-8")
        try:
            call_command("import_article", str(path), verbosity=0)
        finally:
            path.unlink()
        self.assertEqual(dumps(article_document(Article.objects.get())), exported)

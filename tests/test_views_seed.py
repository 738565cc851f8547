"""The public site on the real content: the seed article, imported as a reader's site would have it."""

import json
import re
from pathlib import Path
from unittest import mock

from django.conf import settings
from django.core.management import call_command
from django.test import TestCase
from test_views_helpers import slugs_on_timeline

from articles.markup import iter_links
from articles.models import Article, Event, GlossaryEntry, Person, Section
from articles.public.views import EventListView

SEED = Path(settings.BASE_DIR) / "articles" / "sources" / "russia-south-korea-relations.txt"


class SeedSiteTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("import_article", str(SEED), verbosity=0)
        cls.article = Article.objects.published().get()
        cls.events = Event.objects.published()

    def timeline(self, query=""):
        # One page holds the whole filtered timeline, so that the test sees every event it lists.
        with mock.patch.object(EventListView, "paginate_by", 1000):
            response = self.client.get("/events/" + query)
        self.assertEqual(response.status_code, 200)
        return response

    def test_topic_space_lists_exactly_the_space_events(self):
        listed = slugs_on_timeline(self.timeline("?topic=space"))
        expected = self.events.filter(topics__slug="space").values_list("slug", flat=True)
        self.assertTrue(listed)
        self.assertEqual(sorted(listed), sorted(expected))
        for event in self.events.filter(slug__in=listed):
            self.assertRegex(event.description.lower(), r"satellite|astronaut|soyuz|space", event.slug)

    def test_period_rapprochement_lists_only_events_from_1985_to_1990(self):
        listed = slugs_on_timeline(self.timeline("?period=rapprochement"))
        self.assertTrue(listed)
        expected = self.events.filter(period__slug="rapprochement").values_list("slug", flat=True)
        self.assertEqual(sorted(listed), sorted(expected))
        years = sorted(self.events.get(slug=slug).date.year for slug in listed)
        self.assertGreaterEqual(years[0], 1985)
        self.assertLessEqual(years[-1], 1990)

    def test_the_glossary_lists_the_48_terms(self):
        html = self.client.get("/glossary/").content.decode()
        terms = re.findall(r'<dt class="glossary-entry"><a href="/glossary/([^/]+)/">', html)
        self.assertEqual(len(terms), 48)
        self.assertEqual(sorted(terms), sorted(GlossaryEntry.objects.published().values_list("slug", flat=True)))
        self.assertIn("48 terms", html)

    def test_the_article_links_every_glossary_term_it_mentions(self):
        html = self.client.get(self.article.get_absolute_url()).content.decode()
        self.assertNotIn("broken-link", html)
        linked = set(re.findall(r'<a class="glossary-link" href="/glossary/([^/]+)/" data-term="\1">', html))
        # A term whose entry is a person's links to the person's page.
        people = set(re.findall(r'<a class="glossary-link" href="/people/([^/]+)/" data-term="person:\1">', html))
        self.assertEqual(people, {"mikhail-gorbachev", "vladimir-putin"})
        linked |= set(Person.objects.filter(slug__in=people).values_list("glossary_entry__slug", flat=True))
        mentioned = set(
            GlossaryEntry.objects.published().filter(sections__article=self.article).values_list("slug", flat=True)
        )
        self.assertEqual(len(mentioned), 48)
        self.assertEqual(linked, mentioned)
        links_in_bodies = sum(len(list(iter_links(section.body))) for section in Section.objects.published())
        self.assertEqual(html.count('class="glossary-link"'), links_in_bodies)
        # Every linked term has its definition in the page for the preview cards.
        block = re.search(r'<script id="glossary-data" type="application/json">(.*?)</script>', html, re.S)
        data = json.loads(block.group(1))
        named = {
            f"person:{slug}"
            for slug in Person.objects.filter(sections__article=self.article).values_list("slug", flat=True)
        }
        self.assertEqual(set(data), mentioned | named)

    def test_the_article_has_its_sections_in_order_with_a_table_of_contents(self):
        html = self.client.get(self.article.get_absolute_url()).content.decode()
        headed = Section.objects.published().filter(article=self.article, order__gt=0).order_by("order")
        toc = re.findall(r'<li><a href="#([^"]+)">', html)
        self.assertEqual(toc, [section.slug for section in headed])
        for section in headed:
            self.assertIn(f'<section class="article-section" id="{section.slug}"', html)

    def test_seed_dates_at_their_precision(self):
        html = self.timeline().content.decode()
        for shown in ["2–10 June 1989", "July 1986", "the 1980s", "the 19th century", '<time datetime="1988">']:
            self.assertIn(shown, html)
        self.assertIn("May 25", html)  # the undated event keeps the source's words

    def test_search_finds_a_person_and_the_sections_that_name_him(self):
        html = self.client.get("/search/", {"q": "Gorbachev"}).content.decode()
        self.assertIn('<h2 id="results-people">People</h2>', html)
        self.assertIn("<mark>Gorbachev</mark>", html)
        self.assertIn('<h2 id="results-sections">Article sections</h2>', html)

    def test_article_page_queries_do_not_grow_with_the_real_content(self):
        # The article, its sections, their events, their people, the people's first events, the entries.
        with self.assertNumQueries(6):
            self.client.get(self.article.get_absolute_url())
        # The first timeline of a content generation: the counts kept per generation, the time
        # axis's events per year among them, then the page of events.
        with self.assertNumQueries(7):
            self.client.get("/events/")

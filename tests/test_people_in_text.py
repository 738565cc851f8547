"""People in the article's text: names link to person pages with a preview card, surnames too; a
glossary link to a person's entry goes to the person; people in no event show their sentences."""

import json
import re
from types import SimpleNamespace

from django.conf import settings
from django.core.management import call_command
from django.test import SimpleTestCase, TestCase

from articles.markup import GlossaryResolver, render_resolved
from articles.models import Article, Person

SEED = settings.BASE_DIR / "articles" / "sources" / "russia-south-korea-relations.txt"


def person(name, slug, aliases=(), entry=None):
    return SimpleNamespace(
        name=name,
        slug=slug,
        aliases=list(aliases),
        glossary_entry_id=entry,
        get_absolute_url=lambda: f"/people/{slug}/",
    )


def entry(term, slug, pk):
    return SimpleNamespace(term=term, slug=slug, pk=pk, aliases=(), get_absolute_url=lambda: f"/glossary/{slug}/")


class MarkupTests(SimpleTestCase):
    def setUp(self):
        self.resolve = GlossaryResolver(
            [entry("Ana Silva", "ana-silva", 1), entry("Lima", "lima", 2)],
            [
                person("Ana Silva", "ana-silva", ["Silva"], entry=1),
                person("Olav Berg", "olav-berg", ["Berg"]),
                person("Kari Berg", "kari-berg"),
            ],
        )

    def render(self, body):
        return str(render_resolved(body, self.resolve))

    def test_a_full_name_and_then_a_surname_link_to_the_person_once_per_body(self):
        html = self.render("Olav Berg met the press in [[Lima]].\n\nLater Berg left. Berg came back.")
        self.assertEqual(html.count('href="/people/olav-berg/"'), 1)
        self.assertIn(
            '<a class="glossary-link person-link" href="/people/olav-berg/" data-term="person:olav-berg">Olav Berg</a>',
            html,
        )
        self.assertIn('href="/glossary/lima/" data-term="lima"', html)

    def test_a_surname_alone_links_when_it_is_the_only_one_of_its_name(self):
        html = self.render("Berg arrived.")
        self.assertIn('href="/people/olav-berg/" data-term="person:olav-berg">Berg</a>', html)
        self.assertIn("Kari Berg", self.render("Kari Berg arrived.").replace("</a>", ""))

    def test_a_surname_beside_another_capitalised_word_is_another_name(self):
        self.assertNotIn("<a", self.render("Ingrid Berg arrived. Berg Industries grew."))

    def test_a_glossary_link_to_a_persons_entry_goes_to_the_person(self):
        html = self.render("The talks with [[Ana Silva|Silva]] ended. Silva left.")
        self.assertIn('<a class="glossary-link" href="/people/ana-silva/" data-term="person:ana-silva">Silva</a>', html)
        self.assertEqual(html.count("/people/ana-silva/"), 1)


class SeedTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("import_article", str(SEED), verbosity=0)

    def test_the_article_links_people_named_in_its_text_with_their_cards(self):
        html = self.client.get(Article.objects.get().get_absolute_url()).content.decode()
        linked = set(re.findall(r'href="/people/([^/]+)/" data-term="person:\1"', html))
        self.assertLessEqual({"roh-tae-woo", "kim-young-sam", "lee-myung-bak", "dmitry-medvedev"}, linked)
        match = re.search(r'<script id="glossary-data" type="application/json">(.*?)</script>', html, re.S)
        card = json.loads(match.group(1))["person:lee-myung-bak"]
        self.assertEqual((card["term"], card["url"]), ("Lee Myung-bak", "/people/lee-myung-bak/"))
        self.assertEqual((card["role"], card["country"]), ("President", "South Korea"))

    def test_a_person_in_no_event_is_shown_with_the_sentences_naming_them(self):
        lee = Person.objects.get(slug="lee-myung-bak")
        self.assertFalse(lee.events.exists())
        response = self.client.get(lee.get_absolute_url())
        self.assertContains(response, "What the text says")
        self.assertContains(response, "South Korean President Lee Myung-bak and Russian President Dmitry Medvedev")

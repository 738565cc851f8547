"""The section body markup: [[Term]] and [[Term|text]] links, everything else escaped text."""

from pathlib import Path
from types import SimpleNamespace

from django.conf import settings
from django.test import SimpleTestCase

from articles.importing.parser import parse_article
from articles.importing.text import slugify
from articles.link_syntax import write_link
from articles.markup import (
    GlossaryResolver,
    Link,
    iter_links,
    linked_slugs,
    linked_targets,
    paragraphs,
    render_resolved,
    to_plain_text,
)

BODY = "[[Soviet Union]] and [[Republic of Korea|South Korea]] met.\r\n\r\nThe [[Soviet Union|Soviets]] <b>left</b>."
SEED = Path(settings.BASE_DIR) / "articles" / "sources" / "russia-south-korea-relations.txt"


def entry(term, slug, aliases=()):
    return SimpleNamespace(term=term, slug=slug, aliases=aliases, get_absolute_url=lambda: f"/glossary/{slug}/")


class ParsingTests(SimpleTestCase):
    def test_paragraphs_split_on_blank_lines(self):
        self.assertEqual(
            paragraphs(BODY),
            [
                "[[Soviet Union]] and [[Republic of Korea|South Korea]] met.",
                "The [[Soviet Union|Soviets]] <b>left</b>.",
            ],
        )

    def test_links_targets_and_slugs(self):
        self.assertEqual(list(iter_links(BODY))[1], Link("Republic of Korea", "South Korea"))
        self.assertEqual(linked_slugs(BODY), ["soviet-union", "republic-of-korea"])
        self.assertEqual(linked_targets(BODY), ["Soviet Union", "Republic of Korea"])

    def test_plain_text_keeps_the_link_texts(self):
        self.assertEqual(to_plain_text("The [[Soviet Union|Soviets]] and [[Japan]]."), "The Soviets and Japan.")

    def test_malformed_links_stay_text(self):
        self.assertEqual(linked_slugs("[[unclosed and [[]] and [single]"), [])


class RenderTests(SimpleTestCase):
    def test_render_escapes_text_and_links_known_terms(self):
        html = render_resolved(BODY, GlossaryResolver([entry("Soviet Union", "soviet-union")]))
        self.assertEqual(
            html,
            '<p><a class="glossary-link" href="/glossary/soviet-union/" data-term="soviet-union">Soviet Union</a> and '
            '<span class="broken-link">South Korea</span> met.</p>\n'
            '<p>The <a class="glossary-link" href="/glossary/soviet-union/" data-term="soviet-union">Soviets</a> '
            "&lt;b&gt;left&lt;/b&gt;.</p>",
        )

    def test_link_text_and_urls_are_escaped(self):
        resolve = GlossaryResolver(
            [SimpleNamespace(term="X", slug="x", aliases=(), get_absolute_url=lambda: '/x/?a=1&b="2"')]
        )
        html = render_resolved('[[X|"><script>]]', resolve)
        self.assertIn('href="/x/?a=1&amp;b=&quot;2&quot;"', html)
        self.assertIn("&quot;&gt;&lt;script&gt;</a>", html)


class ResolverTests(SimpleTestCase):
    def test_by_slug_then_by_the_slug_of_the_term(self):
        resolve = GlossaryResolver([entry("Soviet Union", "soviet-union"), entry("Republic of Korea", "south-korea-2")])
        self.assertEqual(resolve(Link("Soviet Union", "Soviets")), ("/glossary/soviet-union/", "soviet-union"))
        # The entry's slug differs from its term's: the link still finds it, and uses the real slug.
        self.assertEqual(
            resolve(Link("Republic of Korea", "South Korea")), ("/glossary/south-korea-2/", "south-korea-2")
        )
        self.assertIsNone(resolve(Link("Japan", "Japan")))

    def test_render_resolved_uses_the_entry_slug(self):
        resolve = GlossaryResolver([entry("Republic of Korea", "south-korea-2")])
        html = render_resolved(BODY, resolve)
        self.assertIn('href="/glossary/south-korea-2/" data-term="south-korea-2">South Korea</a>', html)

    def test_templates_do_not_call_the_resolver(self):
        self.assertTrue(GlossaryResolver.do_not_call_in_templates)


class OneGrammarTests(SimpleTestCase):
    """The parser writes links and the site reads them with one grammar (articles/link_syntax.py)."""

    def test_written_links_read_back(self):
        cases = [
            ("Soviet Union", "Soviet Union", "[[Soviet Union]]"),
            ("Diplomacy", "foreign relations", "[[Diplomacy|foreign relations]]"),
            ("A|B [x]", "a\nb|c", "[[A/B x|ab/c]]"),  # what the grammar cannot hold is dropped or replaced
        ]
        for target, text, written in cases:
            with self.subTest(written):
                self.assertEqual(write_link(target, text), written)
                self.assertEqual(to_plain_text(f"<{written}>"), f"<{written[2:-2].rpartition('|')[2]}>")

    def test_the_parser_writes_only_links_the_site_reads(self):
        article = parse_article(SEED.read_text(encoding="utf-8"))
        paragraphs_ = [paragraph for section in article.sections for paragraph in section.paragraphs]
        self.assertGreater(sum(paragraph.count("[[") for paragraph in paragraphs_), 50)
        for paragraph in paragraphs_:
            self.assertEqual(paragraph.count("[["), len(list(iter_links(paragraph))), paragraph)
            self.assertNotIn("[[", to_plain_text(paragraph))
        for section in article.sections:
            targets = {slugify(target) for paragraph in section.paragraphs for target in linked_targets(paragraph)}
            self.assertEqual(len(section.terms), len(targets))


class RenderCostTests(SimpleTestCase):
    def test_text_is_escaped_as_django_escapes_it(self):
        from django.utils.html import escape

        text = "Tom's \"quote\" & <tag> — 'single'"
        self.assertEqual(
            render_resolved(f"{text} [[X]] {text}", lambda link: None),
            f'<p>{escape(text)} <span class="broken-link">X</span> {escape(text)}</p>',
        )

    def test_links_are_escaped_as_format_html_escapes_them(self):
        from django.utils.html import format_html

        def resolve(link):
            return (f'/glossary/{link.slug}/?a=1&b="2"', f"{link.slug}<'&>") if link.target != "Gone" else None

        html = render_resolved('Before [[A & B|<b>"a"</b>]] and [[Gone|x < y]].\n\nNext', resolve)
        link = format_html(
            '<a class="glossary-link" href="{}" data-term="{}">{}</a>',
            '/glossary/a-b/?a=1&b="2"',
            "a-b<'&>",
            '<b>"a"</b>',
        )
        broken = format_html('<span class="broken-link">{}</span>', "x < y")
        self.assertEqual(html, f"<p>Before {link} and {broken}.</p>\n<p>Next</p>")

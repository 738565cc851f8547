"""No text from an import or a form comes out executable, on any page.

Every payload below goes, through a JSON import (validated like any import), into every text field
of every content model: the article, its sections (plain and inside [[…]] markup), glossary
entries, people, events, periods, topics and the pictures they show. Then every public page, the
search (with the payload as the query, and with words that highlight inside it), the Atom feed
(whose HTML summaries a feed reader renders), the sitemap and every admin changelist and change
form are parsed with html.parser: no <script> but the site's own src'd scripts and JSON data
blocks (which must still parse as JSON), no on* attribute, no javascript: URL, no frame or object.
"""

import json
import re
from html.parser import HTMLParser
from urllib.parse import quote
from xml.etree import ElementTree

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.test import TestCase, override_settings
from django.urls import reverse

from articles.models import Article, Event, GlossaryEntry, Image, Period, Person, Section, Topic
from articles.services import ARTICLE_FORMAT, document_import

PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "<body onload=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "<input autofocus onfocus=alert(1)>",
    '"><script>alert(1)</script>',
    "'><img src=x onerror=alert(1)>",
    '" onmouseover="alert(1)" x="',
    "' onfocus='alert(1)' autofocus='",
    "javascript:alert(1)",
    " JaVaScRiPt:alert(1)",
    '<a href="javascript:alert(1)">x</a>',
    "<iframe src=javascript:alert(1)></iframe>",
    "<object data=javascript:alert(1)>",
    '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
    "[[<img onerror=alert(1)>|x]]",
    "[[x|<script>alert(1)</script>]]",
    "[[javascript:alert(1)|click]]",
    '[[" onmouseover="alert(1)]]',
    "[[<script>]]",
    "[[x|[[y|<svg onload=alert(1)>]]]]",
    "</script><script>alert(1)</script>",
    '{"x": "</script><script>alert(1)</script>"}',
    "<!--<script>alert(1)//-->",
    "<![CDATA[<script>alert(1)</script>]]>",
    "]]><script>alert(1)</script>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "&#60;script&#62;alert(1)&#60;/script&#62;",
    "<style>@import 'javascript:alert(1)'</style>",
    "<meta http-equiv=refresh content=0;url=javascript:alert(1)>",
    "<base href=javascript:alert(1)//>",
    "\u2028\u2029</script><script>alert(1)</script>",
    "`-alert(1)-`${alert(1)}",
]

URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "background", "srcset"}
FORBIDDEN_TAGS = {"iframe", "frame", "object", "embed", "base", "applet"}
DATA_BLOCK_TYPES = {"application/json", "application/ld+json"}
_INVISIBLE = re.compile(r"[\x00-\x20\x7f]+")


class ExecutableFinder(HTMLParser):
    """Collect whatever in a document a browser would run."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems = []
        self.script = None  # (attributes, text) of the <script> being read

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag}> has an event handler {name}={value!r}")
            if name in URL_ATTRIBUTES and value:
                for url in value.split(",") if name == "srcset" else [value]:
                    scheme = _INVISIBLE.sub("", url).lower()
                    if scheme.startswith(("javascript:", "vbscript:", "data:text/html")):
                        self.problems.append(f"<{tag} {name}={value!r}>: a script URL")
        if tag in FORBIDDEN_TAGS:
            self.problems.append(f"a <{tag}> element")
        if tag == "meta" and attributes.get("http-equiv", "").lower() == "refresh":
            self.problems.append("a <meta http-equiv=refresh>")
        if tag == "script":
            self.script = (attributes, [])

    def handle_data(self, data):
        if self.script is not None:
            self.script[1].append(data)

    def handle_endtag(self, tag):
        if tag != "script" or self.script is None:
            return
        attributes, parts = self.script
        self.script = None
        text = "".join(parts)
        source = attributes.get("src")
        if source is not None:
            if not source.startswith("/") or source.startswith("//"):
                self.problems.append(f"a script from {source!r}, not from the site itself")
            if text.strip():
                self.problems.append(f"a src'd script with inline text {text[:80]!r}")
        elif attributes.get("type") in DATA_BLOCK_TYPES:
            try:
                json.loads(text)
            except ValueError:
                self.problems.append(f"a JSON data block that is no JSON (broken out of?): {text[:120]!r}")
        else:
            self.problems.append(f"an inline script: {text[:120]!r}")


def executable_parts(html):
    finder = ExecutableFinder()
    finder.feed(html)
    finder.close()
    if finder.script is not None:
        finder.problems.append("a <script> that never ends")
    return finder.problems


def png_bytes():
    import io

    from PIL import Image as PillowImage

    buffer = io.BytesIO()
    PillowImage.new("RGB", (4, 3), "#336699").save(buffer, format="PNG")
    return buffer.getvalue()


def payload_document(number, payload):
    """An article export with ``payload`` in every text field of every record."""
    slug = f"xss-{number}"
    term, person, period, topic = (f"{slug}-term", f"{slug}-person", f"{slug}-period", f"{slug}-topic")
    body = (
        f"{payload}\n\n[[{payload}]] and [[{payload}|{payload}]], [[{payload}|x]] and [[x|{payload}]]."
        f"\n\n{payload} [[{payload}"
    )
    return {
        "format": ARTICLE_FORMAT,
        "article": {"title": payload, "slug": slug, "source": payload, "status": "published"},
        "periods": [
            {"slug": period, "name": payload, "start_year": 3000 + 10 * number, "end_year": 3010 + 10 * number,
             "description": payload},
        ],
        "topics": [{"slug": topic, "name": payload, "keywords": payload, "description": payload}],
        "sections": [
            {"slug": "lead", "title": payload, "order": 0, "body": body, "terms": [term], "people": [person]},
            {"slug": "history", "title": payload, "order": 1, "body": body, "terms": [term], "people": [person]},
        ],
        "glossary": [{"slug": term, "term": payload, "definition": f"{payload} [[{payload}]]", "aliases": [payload]}],
        "people": [
            {"slug": person, "name": payload, "aliases": [payload], "role": payload, "country": payload,
             "glossary": term},
        ],
        "events": [
            {"slug": f"{slug}-event", "key": f"{slug}-event", "title": payload, "description": payload,
             "date": f"{3000 + 10 * number}-06-02", "precision": "day", "date_text": payload[:100],
             "section": "history", "period": period, "topics": [topic], "people": [person]},
            {"slug": f"{slug}-undated", "key": f"{slug}-undated", "title": payload, "description": payload,
             "date": None, "precision": "", "date_text": payload[:100], "section": "lead", "topics": [topic]},
        ],
    }  # fmt: skip


@override_settings(MEDIA_ROOT=settings.BASE_DIR / ".pytest-media-xss")
class XSSTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        for number, payload in enumerate(PAYLOADS):
            document_import(document=payload_document(number, payload))
            picture = Image.objects.create(
                file=ContentFile(png_bytes(), name=f"xss-{number}.png"),
                alt_text=payload, caption=payload, credit=payload[:200],
            )  # fmt: skip
            Person.objects.filter(slug=f"xss-{number}-person").update(portrait=picture)
            Section.objects.filter(article__slug=f"xss-{number}").update(illustration=picture)
            Event.objects.filter(slug__startswith=f"xss-{number}-").update(image=picture)
        cls.editor = get_user_model().objects.create_superuser("editor", "editor@example.com", "unused-password")

    @classmethod
    def tearDownClass(cls):
        import shutil

        super().tearDownClass()
        shutil.rmtree(settings.BASE_DIR / ".pytest-media-xss", ignore_errors=True)

    def check_pages(self, paths, client=None):
        client = client or self.client
        problems, checked = [], 0
        for path in paths:
            response = client.get(path)
            self.assertEqual(response.status_code, 200, path)
            problems += [f"{path}: {problem}" for problem in executable_parts(response.content.decode())]
            checked += 1
        if problems:
            self.fail(
                f"executable output on {len({p.split(': ')[0] for p in problems})} pages:\n" + "\n".join(problems)
            )
        return checked

    def test_the_payloads_reached_every_field(self):
        # The import kept every payload as written (nothing was refused or cleaned on the way in).
        self.assertEqual(Article.objects.filter(slug__startswith="xss-").count(), len(PAYLOADS))
        for number, payload in enumerate(PAYLOADS):
            self.assertEqual(Event.objects.get(slug=f"xss-{number}-event").description, payload)
            self.assertEqual(GlossaryEntry.objects.get(slug=f"xss-{number}-term").aliases, [payload])

    def test_public_pages(self):
        paths = ["/", "/events/", "/events/?page=2", "/people/", "/glossary/", "/robots.txt"]
        for number, payload in enumerate(PAYLOADS):
            slug = f"xss-{number}"
            paths += [
                reverse("articles:article-detail", args=[slug]),
                reverse("articles:event-detail", args=[f"{slug}-event"]),
                reverse("articles:event-detail", args=[f"{slug}-undated"]),
                reverse("articles:person-detail", args=[f"{slug}-person"]),
                reverse("articles:glossary-detail", args=[f"{slug}-term"]),
                reverse("articles:period-detail", args=[f"{slug}-period"]),
                reverse("articles:topic-detail", args=[f"{slug}-topic"]),
                f"/events/?topic={slug}-topic&period={slug}-period&q={quote(payload)}",
                f"/people/?q={quote(payload)}",
                f"/glossary/?q={quote(payload)}",
            ]
        self.check_pages(paths)

    def test_search_results_and_their_highlights(self):
        paths = ["/search/?q=" + quote(words) for words in ("alert script", "onerror img", "javascript", "x y")]
        paths += ["/search/?q=" + quote(payload) for payload in PAYLOADS]
        self.check_pages(paths)
        # The highlights really are there, around escaped text (one payload has this word).
        html = self.client.get("/search/?q=ontoggle").content.decode()
        self.assertIn("&lt;details open <mark>ontoggle</mark>=alert(1)&gt;", html)

    def test_the_feed_summaries_are_text_for_feed_readers(self):
        response = self.client.get(reverse("articles:event-feed"))
        self.assertEqual(response.status_code, 200)
        root = ElementTree.fromstring(response.content)  # well-formed XML: nothing broke out of it
        atom = "{http://www.w3.org/2005/Atom}"
        entries = root.findall(f"{atom}entry")
        self.assertTrue(entries)
        problems = []
        for entry in entries:
            for element in entry.iter():
                if element.tag in (f"{atom}title", f"{atom}summary", f"{atom}content"):
                    text = element.text or ""
                    # type="html" content is HTML to a reader: parse it as a reader would.
                    html = text if element.get("type") == "html" else ""
                    problems += [f"{element.tag}: {problem}" for problem in executable_parts(html)]
        self.assertEqual(problems, [])
        summaries = {entry.find(f"{atom}summary").text for entry in entries if entry.find(f"{atom}summary") is not None}
        self.assertIn("&lt;script&gt;alert(1)&lt;/script&gt;", summaries)

    def test_sitemap(self):
        response = self.client.get("/sitemap.xml")
        self.assertEqual(response.status_code, 200)
        ElementTree.fromstring(response.content)
        self.assertEqual(executable_parts(response.content.decode()), [])

    def test_admin_changelists_and_change_forms(self):
        self.client.force_login(self.editor)
        models = [Article, Section, GlossaryEntry, Person, Event, Period, Topic, Image]
        paths = []
        for model in models:
            info = f"admin:{model._meta.app_label}_{model._meta.model_name}"
            paths.append(reverse(f"{info}_changelist"))
            paths.append(reverse(f"{info}_changelist") + "?q=" + quote("script"))
            queryset = model.objects.all()
            if model in (Article, Section, Person, Event, GlossaryEntry, Period, Topic):
                field = "slug" if model is not Section else "article__slug"
                queryset = queryset.filter(**{f"{field}__startswith": "xss-"})
            for pk in queryset.values_list("pk", flat=True):
                paths.append(reverse(f"{info}_change", args=[pk]))
        self.assertGreater(self.check_pages(paths), len(PAYLOADS) * len(models))

    def test_a_payload_saved_through_the_admin_form_is_escaped_too(self):
        self.client.force_login(self.editor)
        topic = Topic.objects.get(slug="xss-0-topic")
        payload = "<img src=x onerror=alert('form')>"
        response = self.client.post(
            reverse("admin:articles_topic_change", args=[topic.pk]),
            {"name": payload, "slug": topic.slug, "keywords": payload, "description": payload, "loaded_version": 1},
        )
        self.assertEqual(response.status_code, 302, response.content.decode()[:2000])
        topic.refresh_from_db()
        self.assertEqual(topic.name, payload)
        self.check_pages([topic.get_absolute_url(), reverse("admin:articles_topic_change", args=[topic.pk])])


class CheckerTests(TestCase):
    """The checker finds what it looks for (so that no finding above means something)."""

    def test_it_finds_executable_html(self):
        for html in [
            "<script>alert(1)</script>",
            '<script src="https://evil.example/x.js"></script>',
            '<img src="x" onerror="alert(1)">',
            '<a href=" java\nscript:alert(1)">x</a>',
            '<script type="application/json">{"a": "</script><script>alert(1)</script>',
            "<iframe></iframe>",
        ]:
            self.assertTrue(executable_parts(html), html)

    def test_it_accepts_the_sites_own_scripts_and_data_blocks(self):
        html = (
            '<script src="/static/js/glossary-preview.js" defer></script>'
            '<script type="application/json" id="d">{"a": "\\u003C/script\\u003E"}</script>'
            '<a href="/events/">x</a> &lt;script&gt;'
        )
        self.assertEqual(executable_parts(html), [])
